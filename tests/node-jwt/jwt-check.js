'use strict';
// node-hdb signs in with a JWT (method JWT, docs/sign-in.md) against the test server started by .ci/node-jwt.sh with
// --jwt-key KEYHEX --jwt-issuer ISSUER --jwt-user EXTERNAL=DBUSER. The tokens are HS256, signed here with node's crypto.
// usage: node jwt-check.js HOST PORT KEYHEX ISSUER EXTERNAL DBUSER
// prints one line per check and ends with "N passed, M failed"; exit code 1 when any failed.
const crypto = require('crypto');
const hdb = require('hdb');

const [host, port, keyHex, issuer, external, dbUser] = process.argv.slice(2);
if (!dbUser) {
  console.error('usage: node jwt-check.js HOST PORT KEYHEX ISSUER EXTERNAL DBUSER');
  process.exit(2);
}

function base64url(buffer) {
  return Buffer.from(buffer).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

function token({ key = Buffer.from(keyHex, 'hex'), user = external, lifetime = 300, iss = issuer } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const exp = now + lifetime;
  const payload = base64url(JSON.stringify({ iss, user_name: user, jti: crypto.randomUUID(), iat: Math.min(now, exp - 60), nbf: Math.min(now, exp - 60), exp }));
  const signature = base64url(crypto.createHmac('sha256', key).update(`${header}.${payload}`).digest());
  return `${header}.${payload}.${signature}`;
}

function connect(jwt) {
  return new Promise((resolve, reject) => {
    const client = hdb.createClient({ host, port: Number(port), token: jwt });
    client.on('error', () => {});
    client.connect((err) => (err ? reject(err) : resolve(client)));
  });
}

function exec(client, sql) {
  return new Promise((resolve, reject) => client.exec(sql, (err, rows) => (err ? reject(err) : resolve(rows))));
}

function close(client) {
  return new Promise((resolve) => { client.disconnect(() => { client.close(); resolve(); }); });
}

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed++;
    console.log(`ok   ${name}`);
  } catch (err) {
    failed++;
    console.log(`FAIL ${name}: ${err && err.message}`);
  }
}

async function refused(jwt) {
  let client;
  try {
    client = await connect(jwt);
  } catch (err) {
    if (err.code !== 10) {
      throw new Error(`expected error code 10, got ${err.code}: ${err.message}`);
    }
    return;
  }
  await close(client);
  throw new Error('the server accepted the token');
}

(async () => {
  await check('a valid token signs in as the mapped user', async () => {
    const client = await connect(token());
    try {
      const rows = await exec(client, 'SELECT CURRENT_USER AS U FROM DUMMY');
      if (rows.length !== 1 || rows[0].U !== dbUser) {
        throw new Error(`CURRENT_USER is ${JSON.stringify(rows)}, expected ${dbUser}`);
      }
      const dummy = await exec(client, 'SELECT * FROM DUMMY');
      if (dummy[0].DUMMY !== 'X') {
        throw new Error(`DUMMY is ${JSON.stringify(dummy)}`);
      }
    } finally {
      await close(client);
    }
  });
  await check('the logon name and session cookie of the replies reach the client', async () => {
    const client = await connect(token());
    try {
      // node-hdb keeps both in the connection's settings (PhysicalConnection.authenticate)
      const settings = client._connection._settings;
      if (settings.user !== dbUser) {
        throw new Error(`the AUTHENTICATE reply named ${settings.user}, expected ${dbUser}`);
      }
      if (!Buffer.isBuffer(settings.sessionCookie) || settings.sessionCookie.length === 0) {
        throw new Error('the CONNECT reply carried no session cookie');
      }
    } finally {
      await close(client);
    }
  });
  await check('a token signed with another key is refused', () => refused(token({ key: crypto.randomBytes(32) })));
  await check('an expired token is refused', () => refused(token({ lifetime: -60 })));
  await check('a token from another issuer is refused', () => refused(token({ iss: 'https://elsewhere.test' })));
  await check('a token of an unknown user is refused', () => refused(token({ user: 'mallory@example.test' })));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})();
