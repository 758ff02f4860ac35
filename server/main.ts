// Starts the reference receiver: `tsx server/main.ts`, configured by RECEIVER_* variables.
import { configFromEnv } from './config';
import { databaseForDisplay } from './openStore';
import { startReceiver } from './receiver';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

async function main(): Promise<void> {
  const options = configFromEnv(process.env, process.cwd());
  const receiver = await startReceiver(options);
  console.log(`Shouhu receiver: ${receiver.endpoint}`);
  console.log(`  database ${databaseForDisplay(options.database)}`);
  console.log(`  ${options.token ? 'bearer token required' : 'no token required'}`);
  console.log(
    options.officerToken
      ? `  agency inbox: ${receiver.url}/inbox (officer credential required)`
      : '  agency inbox: off (set RECEIVER_OFFICER_TOKEN or RECEIVER_OFFICER_TOKEN_FILE)',
  );
  if (!options.token && !LOOPBACK.has(options.host ?? '')) {
    console.warn('  WARNING: listening beyond this machine without RECEIVER_TOKEN; anyone on the network can read reports.');
  }
  if (options.testHooks) console.warn('  WARNING: test hooks are on (/__test__/*); never use this in production.');

  // Stops taking connections, lets requests under way finish, closes the database.
  const stop = () => {
    console.log('Stopping: finishing requests under way');
    void receiver.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`The receiver could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
