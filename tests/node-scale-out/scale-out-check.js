#!/usr/bin/env node
'use strict';
// Scale-out and tenants through node-hdb (npm "hdb"), a client this project did not write, against the test server
// started with --nodes 3 --tenants A,B (docs/scale-out.md): prints "PASS step" / "FAIL step: reason" per step and a
// final "N passed, M failed"; exit code 0 only if every step passed.
//
//   node scale-out-check.js HOST SYSTEMDB_PORT NODE1_PORT NODE2_PORT DOWN_PORT USER PASSWORD [--redirect-at-authenticate]

const [host, systemDbPort, node1Port, node2Port, downPort, user, password, ...flags] = process.argv.slice(2);
if (!host || !password) {
  console.log('FAIL arguments: HOST SYSTEMDB_PORT NODE1_PORT NODE2_PORT DOWN_PORT USER PASSWORD');
  process.exit(2);
}
if (!['127.0.0.1', 'localhost', '::1'].includes(host) && !host.startsWith('127.')) {
  console.log(`FAIL arguments: ${host} is not a loopback host`);
  process.exit(2);
}
const redirectAtAuthenticate = flags.includes('--redirect-at-authenticate');

const hdb = require('hdb');

const STEP_TIMEOUT_MS = 30000;
const p = (fn) => new Promise((resolve, reject) => fn((err, ...res) => (err ? reject(err) : resolve(res))));
const exec = (c, sql) => p((cb) => c.exec(sql, cb)).then((res) => res[0]);
const prepare = (c, sql) => p((cb) => c.prepare(sql, cb)).then((res) => res[0]);
const stmtExec = (s, values) => p((cb) => s.exec(values, cb)).then((res) => res[0]);
const stmtDrop = (s) => p((cb) => s.drop(cb));

let passed = 0;
let failed = 0;
async function step(name, fn) {
  let timer;
  try {
    const detail = await Promise.race([fn(), new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${STEP_TIMEOUT_MS} ms`)), STEP_TIMEOUT_MS);
    })]);
    passed++;
    console.log(`PASS ${name}${detail ? `: ${detail}` : ''}`);
  } catch (e) {
    failed++;
    const code = e && e.code !== undefined ? ` (code ${e.code})` : '';
    console.log(`FAIL ${name}: ${(e && e.message ? e.message : String(e)).replace(/\s+/g, ' ')}${code}`);
  } finally {
    clearTimeout(timer);
  }
}

function expect(what, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

async function withClient(options, fn) {
  const client = hdb.createClient({ user, password, ...options });
  client.on('error', () => {});
  await p((cb) => client.connect(cb));
  try {
    return await fn(client);
  } finally {
    await p((cb) => client.disconnect(cb)).catch(() => {});
    client.close();
  }
}

const databaseOf = async (c) => (await exec(c, 'SELECT DATABASE_NAME FROM SYS.M_DATABASE'))[0].DATABASE_NAME;

(async () => {
  await step('databaseName B through the system database port', () =>
    withClient({ host, port: Number(systemDbPort), databaseName: 'B' }, async (c) => {
      expect('database', await databaseOf(c), 'B');
      return `redirected to ${c._connection.port}`;
    }));

  await step('databaseName A lands on the nodes', () =>
    withClient({ host, port: Number(systemDbPort), databaseName: 'A' }, async (c) => {
      expect('database', await databaseOf(c), 'A');
      const services = await exec(c, "SELECT PORT, ACTIVE_STATUS, COORDINATOR_TYPE FROM SYS.M_SERVICES WHERE SERVICE_NAME = 'indexserver' ORDER BY VOLUME_ID");
      expect('services', services.map((s) => s.ACTIVE_STATUS), ['YES', 'YES', 'YES']);
      expect('master', services.filter((s) => s.COORDINATOR_TYPE === 'MASTER').map((s) => s.PORT), [Number(node1Port)]);
      expect('port', c._connection.port, Number(node1Port));
    }));

  await step('an unknown databaseName is refused', async () => {
    try {
      await withClient({ host, port: Number(systemDbPort), databaseName: 'NO_SUCH_TENANT' }, async () => {});
    } catch (e) {
      return e.message;
    }
    throw new Error('connected to a tenant that does not exist');
  });

  await step('hosts list whose first host is down', () =>
    withClient({ hosts: [{ host, port: Number(downPort) }, { host, port: Number(node2Port) }] }, async (c) => {
      expect('port', c._connection.port, Number(node2Port));
      expect('database', await databaseOf(c), 'A');
      expect('dummy', await exec(c, 'SELECT 1 AS ONE FROM DUMMY'), [{ ONE: 1 }]);
    }));

  await step('TABLELOCATION on PREPARE is accepted', () =>
    withClient({ host, port: Number(node2Port) }, async (c) => {
      await exec(c, 'CREATE COLUMN TABLE SCALE_OUT_T (ID INTEGER PRIMARY KEY, NAME NVARCHAR(20))').catch(() => {});
      await exec(c, "INSERT INTO SCALE_OUT_T VALUES (1, 'one')").catch(() => {});
      const statement = await prepare(c, 'SELECT NAME FROM SCALE_OUT_T WHERE ID = ?');
      try {
        expect('rows', await stmtExec(statement, [1]), [{ NAME: 'one' }]);
      } finally {
        await stmtDrop(statement);
      }
      await exec(c, 'DROP TABLE SCALE_OUT_T');
    }));

  if (redirectAtAuthenticate) {
    await step('the redirect at AUTHENTICATE is followed', () =>
      withClient({ host, port: Number(systemDbPort) }, async (c) => {
        expect('database', await databaseOf(c), 'A');
        expect('port', c._connection.port, Number(node1Port));
      }));
  }

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
})();
