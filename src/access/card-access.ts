// ICAO 9303-11 §9.2.1-§9.2.2 / BSI TR-03110 Part 3 A.1.2.1: what EF.CardAccess offers for PACE, as the access
// policy consumes it (PACEInfos, with explicit PACEDomainParameterInfo groups resolved).
import type { SecurityInfo } from '../lds/security-infos.js';
import { standardizedParameterId } from '../lds/security-infos.js';
import { groupFromAlgorithmIdentifier } from './groups.js';
import type { PaceInfoLike } from './policy.js';

type DomainParameterInfo = Extract<SecurityInfo, { type: 'PACEDomainParameterInfo' }>;

/**
 * The PACE offers of decoded SecurityInfos (EF.CardAccess): each PACEInfo, with `domainParameters` set when a
 * PACEDomainParameterInfo with the same parameter ID (or the only one, when neither carries an ID) spells the
 * group out. A PACEDomainParameterInfo naming standardized parameters resolves to that ID instead.
 *
 * @example
 * const { infos } = decodeCardAccess(cardAccessBytes);
 * await accessChip(transport, { policy: ACCESS_POLICIES.cccd, credentials, paceInfos: paceOffers(infos) });
 */
export function paceOffers(infos: readonly SecurityInfo[]): PaceInfoLike[] {
  const explicit = infos.filter((i): i is DomainParameterInfo => i.type === 'PACEDomainParameterInfo');
  return infos.flatMap((info) => {
    if (info.type !== 'PACEInfo') return [];
    const dpi =
      explicit.find((d) => d.parameterId !== undefined && d.parameterId === info.parameterId) ??
      (explicit.length === 1 && explicit[0]?.parameterId === undefined && info.parameterId === undefined
        ? explicit[0]
        : undefined);
    const offer = { protocol: info.protocol, version: info.version, parameterId: info.parameterId };
    if (!dpi) return [offer];
    const standardized = standardizedParameterId(dpi.domainParameter);
    if (standardized !== undefined) return [{ ...offer, parameterId: standardized }];
    return [{ ...offer, domainParameters: groupFromAlgorithmIdentifier(dpi.domainParameter) }];
  });
}
