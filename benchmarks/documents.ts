// The documents the PKI benchmarks sign and verify: 32 with CCCD-sized data groups (DG1, a 9 KB DG2, DG13, DG14,
// DG15) that differ in DG2 and DG13, so that every EF.SOD signed or verified in a row is another document's, as on a
// personalization line or at a gate. `buildDg1` comes from the build being measured.
export function benchDocuments(buildDg1: (o: { lines: string[] }) => Uint8Array): readonly Map<number, Uint8Array>[] {
  const dg1 = buildDg1({
    lines: ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'],
  });
  return Array.from(
    { length: 32 },
    (_, i) =>
      new Map<number, Uint8Array>([
        [1, dg1],
        [2, new Uint8Array(9000).fill(i)],
        [13, new Uint8Array(400).fill(0x40 + i)],
        [14, new Uint8Array(190).fill(0x6e)],
        [15, new Uint8Array(94).fill(0x6f)],
      ]),
  );
}
