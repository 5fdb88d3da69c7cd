import type { Kysely } from 'kysely';
import { runStatements } from './statements.js';

/**
 * Incoming professional mobility (#23). Two more kinds of organisation beside schools (colleges and
 * universities are schools here: they issue as schools do): professional orders, which prescribe, and
 * stage hosts, which attest a prescribed work placement. An order's prescriptions and their elements, the
 * institutions it recognises, and each credential issued here that completes an element (for statistics).
 */
const STATEMENTS = [
  `alter table issuers drop constraint issuers_kind_check`,
  `alter table issuers add constraint issuers_kind_check check (kind in ('school', 'endorser', 'academy', 'professional-order', 'stage-host'))`,
  `create table pathway_recognitions (
    order_id uuid not null references issuers(id),
    institution_did text not null,
    created_by uuid not null references api_keys(id),
    created_at timestamptz not null default now(),
    primary key (order_id, institution_did)
  )`,
  `create table prescriptions (
    id uuid primary key,
    order_id uuid not null references issuers(id),
    credential_id uuid not null unique references credentials(id),
    achievement_id uuid not null unique references achievements(id),
    profession text not null,
    decision_reference text not null,
    decision_date date not null,
    created_at timestamptz not null default now()
  )`,
  `create index prescriptions_order on prescriptions (order_id)`,
  `create table prescription_elements (
    prescription_id uuid not null references prescriptions(id),
    element_key text not null,
    competency_code text not null,
    referential_name text not null,
    referential_url text not null,
    title text not null,
    kind text not null check (kind in ('bridging-training', 'stage', 'francisation')),
    hours integer not null check (hours > 0),
    stage_required boolean not null,
    deadline date not null,
    primary key (prescription_id, element_key)
  )`,
  `create table element_completions (
    credential_id uuid primary key references credentials(id),
    prescription_id uuid not null,
    element_key text not null,
    institution_id uuid not null references issuers(id),
    completed_on date not null,
    created_at timestamptz not null default now(),
    foreign key (prescription_id, element_key) references prescription_elements (prescription_id, element_key)
  )`,
  `create index element_completions_prescription on element_completions (prescription_id)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, STATEMENTS);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    'drop table element_completions',
    'drop table prescription_elements',
    'drop table prescriptions',
    'drop table pathway_recognitions',
    'alter table issuers drop constraint issuers_kind_check',
    `alter table issuers add constraint issuers_kind_check check (kind in ('school', 'endorser', 'academy'))`,
  ]);
}
