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

/**
 * Hints a caller may pass with a command. Wrappers that do not use them pass them on unchanged, so that a
 * recorder or logger deeper in the stack still sees them; a transport may ignore them.
 */
export interface TransmitOptions {
  /**
   * The command (and its response) carries a secret (a PIN, a CAN, key material written by PUT DATA during
   * personalization): loggers and recorders show its data only as `[secret N bytes]`.
   */
  readonly secret?: boolean;
  /** Step label for transcripts and logs, e.g. `PACE general-authenticate-2` or `read DG1`. */
  readonly step?: string;
}

export interface Transport {
  /** Sends one serialized command APDU and returns the serialized response APDU (data || SW1 SW2). */
  transmit(command: Uint8Array, options?: TransmitOptions): Promise<Uint8Array>;
  readonly info: TransportInfo;
  /** Releases the link; further transmits fail with TRANSPORT_FAILED. */
  close?(): Promise<void>;
}
