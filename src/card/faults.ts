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
  /** Answer a wrong password (PACE token, BAC cryptogram) with 9000 instead of 6300 (yet fail it). */
  wrongPasswordStatus?: boolean;
  /** Continue a secure messaging session after an SM error instead of ending it (the security status survives). */
  smErrorKeepsSession?: boolean;
  /** A plain command during secure messaging neither ends the session nor the security status. */
  plainCommandKeepsSession?: boolean;
  /** Answer SM errors with 6F00 instead of 6987/6988. */
  wrongSmErrorStatus?: boolean;
  /** READ BINARY ignores its offset (always reads from the start of the file). */
  readBinaryIgnoresOffset?: boolean;
  /** READ BINARY with a short EF identifier in P1 answers 6A86. */
  sfiNotSupported?: boolean;
  /** READ BINARY with odd INS (B1) answers 6D00. */
  oddInsNotSupported?: boolean;
  /** READ BINARY returns as much as fits, ignoring Ne. */
  leIgnored?: boolean;
  /** Refuse extended-length APDUs (6700) although the profile claims them. */
  extendedLengthRefused?: boolean;
  /** Answer an unknown INS with 9000 instead of 6D00. */
  unknownInsOk?: boolean;
  /** Process commands with an unsupported CLA instead of answering 6E00. */
  claNotChecked?: boolean;
  /** SELECT takes the last two bytes of a too-long FID and treats an unknown P1 as 02. */
  selectLenient?: boolean;
  /** SELECT with P2 asking for the FCP returns no FCP template. */
  fcpMissing?: boolean;
  /** GET CHALLENGE returns 4 bytes instead of 8. */
  shortChallenge?: boolean;
  /** MSE:Set AT answers 9000 even when it rejects the protocol or parameters. */
  mseAcceptsAnything?: boolean;
  /** GENERAL AUTHENTICATE out of sequence answers 9000 instead of 6985. */
  generalAuthenticateOutOfOrderOk?: boolean;
  /** Answer 'conditions of use not satisfied' (6985: a protocol step out of order) with 6A80. */
  wrongConditionsStatus?: boolean;
  /** Active Authentication answers every challenge with its first signature. */
  aaStaticResponse?: boolean;
  /** Active Authentication signs a different nonce than the challenge received. */
  aaIgnoreChallenge?: boolean;
  /** BAC: do not check that the terminal returned RND.IC. */
  bacAcceptWrongChallenge?: boolean;
  /** BAC: corrupt M_IC. */
  bacWrongResponseMac?: boolean;
  /** BAC: return a wrong RND.IFD inside E_IC. */
  bacWrongTerminalNonce?: boolean;
  /** BAC: answer every GET CHALLENGE with the first challenge. */
  bacReuseChallenge?: boolean;
  /** PACE: send a corrupted authentication token T_IC. */
  paceWrongToken?: boolean;
  /** PACE: use the first nonce s in every run. */
  paceReuseNonce?: boolean;
  /** PACE: use the first ephemeral key pair in every run. */
  paceReuseEphemeralKey?: boolean;
  /** PACE: send the terminal's own ephemeral public key back. */
  paceEchoTerminalKey?: boolean;
  /** PACE: send an ephemeral public key that is not a group element. */
  paceInvalidPublicKey?: boolean;
  /** PACE: accept invalid terminal public keys. */
  paceAcceptInvalidKey?: boolean;
  /** Chip Authentication: accept an invalid terminal public key. */
  caAcceptInvalidKey?: boolean;
  /** Chip Authentication: derive the session keys from a corrupted shared secret. */
  caWrongKeys?: boolean;
}

export type FaultName = keyof ChipFaults;
