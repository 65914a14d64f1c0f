/** Who acted, as recorded in the audit log and on the rows they act on: a user, or a rule or sync acting for the team. */
export type Actor = { id: string; label: string };
