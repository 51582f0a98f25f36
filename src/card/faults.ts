// Fault switches of the simulated chip: each makes it deviate from ICAO 9303 in one named way, so that
// hostile-card tests and the conformance suite's mutants can prove they notice. All off by default.

export interface ChipFaults {
  /** Answer every SM response with a corrupted MAC. */
  wrongResponseMac?: boolean;
  /** Cut the last `truncateResponse` bytes of every response data field. */
  truncateResponse?: number;
  /** Claim a huge length in the header of every file read at offset 0. */
  hugeLength?: boolean;
  /** Answer every command with 61 xx forever (GET RESPONSE never ends). */
  endless61xx?: boolean;
  /** Accept a wrong PACE/BAC password. */
  acceptWrongPassword?: boolean;
  /** Serve protected files without BAC/PACE. */
  readWithoutAuthentication?: boolean;
  /** Serve DG3 without Terminal Authentication. */
  dg3WithoutTerminalAuthentication?: boolean;
  /** Keep accepting personalization commands after ACTIVATE FILE. */
  lifeCycleNotLocked?: boolean;
  /** Answer SELECT of a missing file with 9000 instead of 6A82. */
  selectMissingFileOk?: boolean;
  /** Answer READ BINARY beyond the end of a file with 9000 and no data instead of 6B00. */
  readBeyondEndOk?: boolean;
  /** Keep the old secure messaging keys after Chip Authentication. */
  caKeysNotSwitched?: boolean;
  /** Sign the Active Authentication challenge with a byte flipped. */
  aaWrongSignature?: boolean;
  /** Return the same GET CHALLENGE value every time. */
  staticChallenge?: boolean;
  /** Answer a wrong password with 9000 at the token step instead of 6300 (yet fail the token). */
  wrongPasswordStatus?: boolean;
  /** Continue a secure messaging session after an SM error instead of ending it. */
  smErrorKeepsSession?: boolean;
}

export type FaultName = keyof ChipFaults;
