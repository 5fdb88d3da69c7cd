const CREDENTIAL_PATH = /^\/credentials\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\/verification)?\/?$/i;

/** The public URLs of the documents this service publishes; one place so that every link agrees. */
export const publicUrls = (base: string) => ({
  credential: (id: string) => `${base}/credentials/${id}`,
  /** The credential a link names, when it is one of this service's credential pages (query and fragment aside). */
  credentialIdIn: (link: string): string | undefined => {
    if (!URL.canParse(link) || !URL.canParse(base)) return undefined;
    const url = new URL(link);
    const home = new URL(base);
    if (url.origin !== home.origin || !url.pathname.startsWith(home.pathname.replace(/\/$/, ''))) return undefined;
    return CREDENTIAL_PATH.exec(url.pathname.slice(home.pathname.replace(/\/$/, '').length))?.[1]?.toLowerCase();
  },
  europass: (credentialId: string) => `${base}/credentials/${credentialId}/europass`,
  /** The printable certificate, French beside English (what a French school hands a learner going abroad). */
  certificate: (credentialId: string) => `${base}/credentials/${credentialId}/certificate.pdf?languages=fr,en`,
  achievement: (id: string) => `${base}/achievements/${id}`,
  achievementImage: (id: string, format: 'png' | 'svg') => `${base}/achievements/${id}/image.${format}`,
  bakedBadge: (credentialId: string, format: 'png' | 'svg') => `${base}/credentials/${credentialId}/badge.${format}`,
  issuerProfile: (slug: string) => `${base}/issuers/${slug}`,
  didDocument: (slug: string) => `${base}/issuers/${slug}/did.json`,
  jwks: (slug: string) => `${base}/issuers/${slug}/jwks.json`,
  statusList: (id: string) => `${base}/status-lists/${id}`,
  claim: (token: string) => `${base}/claim/${token}`,
  endorse: (token: string) => `${base}/endorse/${token}`,
  endorsement: (id: string) => `${base}/endorsements/${id}`,
  verifyPage: () => `${base}/verify`,
  /** What is kept about whom, and the terms of use further down the same page. */
  privacy: () => `${base}/privacy`,
  terms: () => `${base}/privacy#terms`,
  academyRegistry: (academyId: string) => `${base}/registries/${academyId}`,
  mentorAssessment: (token: string) => `${base}/assess/${token}`,
  hostStatement: (id: string) => `${base}/host-statements/${id}`,
  /** The learner space's one-time links: signing in, adding an address, a guardian's approval. */
  learnerLink: (purpose: 'sign-in' | 'add-email' | 'guardian-approval', token: string) =>
    `${base}/me/${{ 'sign-in': 'sign-in', 'add-email': 'emails', 'guardian-approval': 'guardian' }[purpose]}/${token}`,
});

export type PublicUrls = ReturnType<typeof publicUrls>;
