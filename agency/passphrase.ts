// The passphrase of an agency key file: from AGENCY_PASSPHRASE (for scripts),
// else typed at the terminal without being shown. Never an argument: the
// command line is visible to every user of the machine and kept in shell history.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

export class NoPassphraseError extends Error {
  constructor() {
    super('No passphrase: set AGENCY_PASSPHRASE, or run this in a terminal to type it.');
    this.name = 'NoPassphraseError';
  }
}

/** Typed at the terminal: the prompt is shown, what is typed is not. */
function ask(prompt: string): Promise<string> {
  process.stdout.write(prompt);
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stdout.write(chunk);
      done();
    },
  });
  const reader = createInterface({ input: process.stdin, output, terminal: true });
  muted = true;
  return new Promise((resolve) => {
    reader.question('', (answer) => {
      reader.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}

export async function readPassphrase(prompt: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  if (env.AGENCY_PASSPHRASE) return env.AGENCY_PASSPHRASE;
  if (!process.stdin.isTTY) throw new NoPassphraseError();
  return ask(prompt);
}
