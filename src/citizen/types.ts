// The citizen record: what a personalization bureau knows about the holder (CCCD fields of
// ../docs cccd-chip.md "DG13", plus the portrait and fingerprints). JSON on disk, validated by schema.ts.

/** A calendar date as ISO 8601 `YYYY-MM-DD`. */
export type IsoDate = string;

export interface FingerprintRef {
  /** ISO/IEC 19794-4 finger position code (1 right thumb ... 10 left little). */
  position: number;
  /** Path to the image file, relative to the record file. */
  image: string;
}

export interface CitizenRecord {
  /** Số định danh: the 12-digit personal ID number (3-digit province code + sex/century digit + ...). */
  id: string;
  /** Họ và tên: full name with diacritics, as printed, e.g. "Nguyễn Văn An". */
  fullName: string;
  /** Optional MRZ name split; by default the first word is the primary identifier (surname). */
  mrzName?: { primary: string; secondary: string };
  /** Giới tính: 'M' (Nam), 'F' (Nữ); 'X' is unspecified in ICAO 9303-3 terms. */
  sex: 'M' | 'F' | 'X';
  /** Ngày sinh. */
  birthDate: IsoDate;
  /** Quốc tịch, e.g. "Việt Nam"; the ICAO code is `nationalityCode` (default VNM). */
  nationality: string;
  nationalityCode?: string;
  /** Dân tộc, e.g. "Kinh". */
  ethnicity: string;
  /** Tôn giáo, e.g. "Không". */
  religion: string;
  /** Quê quán (2024 card: place of birth registration). */
  placeOfOrigin: string;
  /** Nơi thường trú. */
  placeOfResidence: string;
  /** Đặc điểm nhận dạng. */
  identifyingMarks: string;
  /** Ngày cấp. */
  issueDate: IsoDate;
  /** Có giá trị đến; null for cards without expiry ("Không thời hạn", MRZ expiry 991231). */
  expiryDate: IsoDate | null;
  father?: string;
  mother?: string;
  /** null or absent: no spouse (DG13 field 14 written empty). */
  spouse?: string | null;
  /** The old 9-digit ID (CMND), DG13 field 15. */
  oldId?: string;
  /** DG13 field 16: a 16-character value (suspected card/chip identifier). */
  cardNumber?: string;
  /**
   * Number of the document being issued when it is not derived from the ID (passport profiles with the
   * 'icao' MRZ scheme); CCCD cards derive it from `id`.
   */
  documentNumber?: string;
  /** Path to the portrait image (JPEG or JPEG 2000), relative to the record file. */
  portrait: string;
  fingerprints?: FingerprintRef[];
}
