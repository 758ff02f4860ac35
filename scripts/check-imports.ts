// Fails, naming each one, on an import that runs against the house's direction
// or closes a circle (the rules are in scripts/checkImports.ts).
import { checkHouse } from './checkImports';

const problems = checkHouse(process.cwd());
for (const problem of problems) console.error(problem);
if (problems.length > 0) {
  console.error(`${problems.length} import(s) against the house's direction.`);
  process.exit(1);
}
console.log('Imports follow the direction; no circle.');
