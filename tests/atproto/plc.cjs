// A did:plc directory for the Bluesky test peer: the real @did-plc/server
// with its in-memory database, on 127.0.0.1 only. Usage: node plc.cjs PORT
// (prints "plc ready <url>" when it listens; SIGTERM stops it).
const { PlcServer, Database } = require('@did-plc/server');

const port = Number(process.argv[2] ?? 2582);
const plc = PlcServer.create({ db: Database.mock(), port });
// start() calls listen(port), which binds every interface: pin loopback.
const listen = plc.app.listen.bind(plc.app);
plc.app.listen = (p, ...rest) => listen(p, '127.0.0.1', ...rest);
plc.start().then(() => console.log(`plc ready http://127.0.0.1:${port}`));
const stop = async () => {
  await plc.destroy();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
