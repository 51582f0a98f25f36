// Vietnam personal ID number (Decree 137/2015/ND-CP, Circular 07/2016/TT-BCA): province codes and the
// century/sex digit, used to check that a 12-digit ID is plausible for the holder it is issued to.

/** The 3-digit place-of-birth-registration codes of Circular 07/2016/TT-BCA Annex (63 provinces). */
export const PROVINCE_CODES: Readonly<Record<string, string>> = {
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu',
  '079': 'Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
};

/**
 * Circular 07/2016/TT-BCA Art. 7: the 4th digit encodes century and sex (1900s: male 0, female 1; 2000s: 2/3;
 * 2100s: 4/5; ...), the 5th and 6th digits are the last two digits of the birth year.
 * Returns the digits an ID must have at positions 4..6 for this birth year; 'X' accepts both sexes.
 */
export function expectedIdBirthDigits(birthYear: number, sex: 'M' | 'F' | 'X'): string[] {
  const century = Math.floor(birthYear / 100) - 19;
  if (century < 0 || century > 4) return [];
  const yy = String(birthYear % 100).padStart(2, '0');
  const male = `${2 * century}${yy}`;
  const female = `${2 * century + 1}${yy}`;
  return sex === 'M' ? [male] : sex === 'F' ? [female] : [male, female];
}
