/** The attacker of hostile.bench.ts in its own process, so its work never delays the measurements. */
import { startHostileUpstream } from '../../lib/server/azure-devops/hostile-upstream';

const upstream = await startHostileUpstream();
process.stdout.write(`${upstream.origin}\n`);
