// Vitest's global setup: one throwaway PostgreSQL for the whole run (or the
// one TEST_POSTGRES_URL names), handed to the tests as inject('postgresUrl').
// When it cannot start, the run fails with one line saying why.
import type { TestProject } from 'vitest/node';
import { startThrowawayPostgres } from './throwawayPostgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL to the cluster the tests create their databases in. */
    postgresUrl: string;
  }
}

export default function setup(project: TestProject): (() => void) | undefined {
  const given = process.env.TEST_POSTGRES_URL?.trim();
  if (given) {
    project.provide('postgresUrl', given);
    return undefined;
  }
  try {
    const cluster = startThrowawayPostgres({ fsync: false });
    project.provide('postgresUrl', cluster.url);
    return () => cluster.stop();
  } catch (error) {
    const line = `PostgreSQL could not be started for the tests: ${error instanceof Error ? error.message : String(error)}`;
    const failure = new Error(line);
    failure.stack = line; // the line is the whole story; a stack would bury it
    throw failure;
  }
}
