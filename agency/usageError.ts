// A failure the user can act on: said in one message, exit code 2 (agency/main.ts).
export class UsageError extends Error {}
