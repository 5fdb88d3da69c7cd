import type { Language } from '../pages/messages.js';

/** The printed documents' own words (their results use the credential page's words: pages/result-rows.ts). */
export interface DocumentMessages {
  certificate: string;
  holder: string;
  school: string;
  stay: string;
  host: string;
  issuedOn: string;
  results: string;
  assessedBy: string;
  verify: string;
  attached: string;
  nameNotDisclosed: string;
}

export const DOCUMENT_MESSAGES: Record<Language, DocumentMessages> = {
  fr: {
    certificate: 'Attestation',
    holder: 'Titulaire',
    school: 'Établissement',
    stay: 'Période',
    host: 'Organisme d’accueil',
    issuedOn: 'Délivrée le',
    results: 'Résultats',
    assessedBy: 'Évalué par',
    verify: 'Vérifier cette attestation',
    attached: 'Le titre signé est joint à ce PDF (credential.json) : il se vérifie sans ce service.',
    nameNotDisclosed: 'Nom non communiqué',
  },
  en: {
    certificate: 'Certificate',
    holder: 'Holder',
    school: 'School',
    stay: 'Stay',
    host: 'Host organisation',
    issuedOn: 'Issued on',
    results: 'Results',
    assessedBy: 'Assessed by',
    verify: 'Verify this certificate',
    attached: 'The signed credential is attached to this PDF (credential.json): it verifies without this service.',
    nameNotDisclosed: 'Name not disclosed',
  },
  es: {
    certificate: 'Certificado',
    holder: 'Titular',
    school: 'Centro educativo',
    stay: 'Estancia',
    host: 'Organización de acogida',
    issuedOn: 'Expedido el',
    results: 'Resultados',
    assessedBy: 'Evaluado por',
    verify: 'Verificar este certificado',
    attached: 'La credencial firmada va adjunta a este PDF (credential.json): se verifica sin este servicio.',
    nameNotDisclosed: 'Nombre no divulgado',
  },
  de: {
    certificate: 'Zertifikat',
    holder: 'Inhaber(in)',
    school: 'Schule',
    stay: 'Aufenthalt',
    host: 'Aufnehmende Einrichtung',
    issuedOn: 'Ausgestellt am',
    results: 'Ergebnisse',
    assessedBy: 'Beurteilt von',
    verify: 'Dieses Zertifikat prüfen',
    attached: 'Der signierte Nachweis ist diesem PDF beigefügt (credential.json): Er lässt sich ohne diesen Dienst prüfen.',
    nameNotDisclosed: 'Name nicht angegeben',
  },
};
