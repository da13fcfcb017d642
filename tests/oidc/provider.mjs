// A real OpenID Connect provider for Lykta's sign-in tests (npm oidc-provider, exact pin in
// package.json), driven from crates/lykta/tests/api/oidc.rs.
//
//   node provider.mjs <redirect-uri> [client-id] [client-secret]
//
// Listens on a free loopback port and prints one line, its issuer (http://127.0.0.1:PORT),
// when ready. Exits when its standard input closes, so it never outlives the test.
//
// One confidential client (client_secret_basic, authorization code, PKCE S256 required), dev
// interactions on (any password; the login is the account id), and claims in the ID token
// (conformIdTokenClaims: false). Accounts: see ACCOUNTS.
import { createServer } from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const [redirectUri, clientId = 'lykta', clientSecret = 'lykta-test-secret'] = process.argv.slice(2);
if (!redirectUri) {
  console.error('usage: node provider.mjs <redirect-uri> [client-id] [client-secret]');
  process.exit(2);
}

const ACCOUNTS = {
  lena: {
    name: 'Lena Medarbetare',
    given_name: 'Lena',
    family_name: 'Medarbetare',
    email: 'lena@alvdal.example',
    email_verified: true,
    unit: 'röntgen',
    employee: true,
  },
  // Has a local account in the demo organisation (Karin, author of Röntgenbloggen).
  karin: {
    name: 'Karin från Entra',
    email: 'karin@alvdal.example',
    email_verified: true,
    unit: 'röntgen',
    employee: true,
  },
  // Same address as a local account, but not verified by the provider.
  johan: {
    name: 'Johan Overifierad',
    email: 'johan@alvdal.example',
    email_verified: false,
    employee: true,
  },
  // Signs in, but is not an employee.
  konsult: {
    name: 'Klas Konsult',
    email: 'klas@konsult.example',
    email_verified: true,
    employee: false,
  },
};

const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    jwks: { keys: [{ ...key, kid: 'test-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: ['lykta-oidc-test-cookie-key'] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
      work: ['unit', 'employee'],
    },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx, id) {
      const account = ACCOUNTS[id];
      if (!account) return undefined;
      return { accountId: id, async claims() { return { sub: id, ...account }; } };
    },
  });
  provider.on('server_error', (_ctx, err) => console.error('provider error:', err));
  server.on('request', provider.callback());
  console.log(issuer);
});

// Nobody reading any more is no reason to crash.
process.stdout.on('error', () => {});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
