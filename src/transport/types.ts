// The one transport interface (architecture.md rule 2): bytes in, bytes out. The PC/SC reader, the simulated
// chip, a recorded transcript, phone NFC and every wrapper (GET RESPONSE, logging, secure messaging) implement it.

export interface TransportInfo {
  /** Human-readable name (reader name, `sim:STATE`, `replay:FILE`). */
  readonly name: string;
  /** Whether the link and the card accept extended-length APDUs, when known. */
  readonly extendedLength?: boolean;
  /** Maximum command and response APDU sizes the link carries, when known. */
  readonly maxCommandLength?: number;
  readonly maxResponseLength?: number;
}

export interface Transport {
  /** Sends one serialized command APDU and returns the serialized response APDU (data || SW1 SW2). */
  transmit(command: Uint8Array): Promise<Uint8Array>;
  readonly info: TransportInfo;
  /** Releases the link; further transmits fail with TRANSPORT_FAILED. */
  close?(): Promise<void>;
}
