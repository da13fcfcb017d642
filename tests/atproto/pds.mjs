// The Bluesky test peer: the reference PDS (@atproto/pds), configured from
// the environment (PDS_* variables; crates/lykta/tests/api/bluesky.rs sets
// them: PDS_PORT, PDS_DATA_DIRECTORY, PDS_DID_PLC_URL, …), on 127.0.0.1
// only. Prints "pds ready <url>" when it listens; SIGTERM stops it.
import { PDS, envToCfg, envToSecrets, readEnv } from '@atproto/pds';

const env = readEnv();
const pds = await PDS.create(envToCfg(env), envToSecrets(env));
// start() calls listen(port), which binds every interface: pin loopback.
const listen = pds.app.listen.bind(pds.app);
pds.app.listen = (port, ...rest) => listen(port, '127.0.0.1', ...rest);
await pds.start();
console.log(`pds ready ${pds.ctx.cfg.service.publicUrl}`);
const stop = async () => {
  await pds.destroy();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
