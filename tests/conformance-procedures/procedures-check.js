#!/usr/bin/env node
'use strict';
// Stored procedures through node-hdb (npm "hdb"), a client this project did not write: prints "PASS step" /
// "FAIL step: reason" per step and a final "N passed, M failed"; exit code 0 only if every step passed.
//
//   node procedures-check.js [host] [port] [user] [password]   (env: HANA_HOST HANA_PORT HANA_USER HANA_PASSWORD)

const [host = process.env.HANA_HOST || '127.0.0.1', port = process.env.HANA_PORT || '30015',
  user = process.env.HANA_USER || 'SYSTEM', password = process.env.HANA_PASSWORD || ''] = process.argv.slice(2);
if (!['127.0.0.1', 'localhost', '::1'].includes(host) && !host.startsWith('127.')) {
  console.log(`FAIL arguments: ${host} is not a loopback host`);
  process.exit(2);
}

const hdb = require('hdb');
const { convert } = require('hdb/lib/util');

const T = 'CONF_PROC_ORDERS';
const BIG = 'CONF_PROC_BIG';
const PROCS = ['CONF_SUMMARY', 'CONF_DYNAMIC', 'CONF_GUARD', 'CONF_BIG', 'CONF_LOBS'];
const STEP_TIMEOUT_MS = 60000;

const p = (fn) => new Promise((resolve, reject) => fn((err, ...res) => (err ? reject(err) : resolve(res))));
const exec = (c, sql) => p((cb) => c.exec(sql, cb)).then((res) => (res.length > 1 ? res : res[0]));
const execAll = (c, sql) => p((cb) => c.exec(sql, cb));
const prepare = (c, sql) => p((cb) => c.prepare(sql, cb)).then((res) => res[0]);
const stmtExec = (s, values) => p((cb) => s.exec(values, cb));
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
    return true;
  } catch (e) {
    failed++;
    const code = e && e.code !== undefined ? ` (code ${e.code})` : '';
    console.log(`FAIL ${name}: ${(e && e.message ? e.message : String(e)).replace(/\s+/g, ' ')}${code}`);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

function expect(what, actual, expected) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

const text = (v) => (Buffer.isBuffer(v) ? convert.decode(v, true) : v);

const SUMMARY = `CREATE PROCEDURE CONF_SUMMARY (IN MIN_AMOUNT DECIMAL(10,2), OUT TOTAL DECIMAL(12,2), INOUT TAG NVARCHAR(40),
    OUT NOTE NCLOB, OUT FIRST_DAY DATE,
    OUT BIG TABLE (ID INTEGER, AMOUNT DECIMAL(10,2)), OUT PER_CUSTOMER TABLE (CUSTOMER NVARCHAR(20), N BIGINT))
  LANGUAGE SQLSCRIPT READS SQL DATA AS
  BEGIN
    DECLARE N INTEGER;
    SELECT SUM(AMOUNT), COUNT(*) INTO TOTAL, N FROM ${T};
    TAG := :TAG || '/' || TO_NVARCHAR(N);
    NOTE := 'orders of ' || :TAG;
    SELECT MIN(DAY) INTO FIRST_DAY FROM ${T};
    BIG = SELECT ID, AMOUNT FROM ${T} WHERE AMOUNT >= :MIN_AMOUNT ORDER BY ID;
    PER_CUSTOMER = SELECT CUSTOMER, COUNT(*) AS N FROM ${T} GROUP BY CUSTOMER ORDER BY CUSTOMER;
  END`;

const DYNAMIC = `CREATE PROCEDURE CONF_DYNAMIC (IN P_CUSTOMER NVARCHAR(20), OUT N INTEGER) AS
  BEGIN
    SELECT COUNT(*) INTO N FROM ${T} WHERE CUSTOMER = :P_CUSTOMER;
    IF N > 1 THEN
      SELECT ID, CUSTOMER FROM ${T} WHERE CUSTOMER = :P_CUSTOMER ORDER BY ID;
    ELSE
      SELECT 'none' AS NOTHING FROM DUMMY;
    END IF;
    SELECT CUSTOMER, SUM(AMOUNT) AS TOTAL FROM ${T} GROUP BY CUSTOMER ORDER BY CUSTOMER;
  END`;

const GUARD = `CREATE PROCEDURE CONF_GUARD (IN P_ID INTEGER) AS
  BEGIN
    DELETE FROM ${T} WHERE ID = :P_ID;
    IF :P_ID > 2 THEN
      SIGNAL SQL_ERROR_CODE 10042 SET MESSAGE_TEXT = 'order ' || TO_NVARCHAR(:P_ID) || ' is protected';
    END IF;
  END`;

const BIGPROC = `CREATE PROCEDURE CONF_BIG (OUT ROWS_OUT TABLE (I INTEGER)) AS
  BEGIN
    ROWS_OUT = SELECT I FROM ${BIG} ORDER BY I;
  END`;

const LOBS = `CREATE PROCEDURE CONF_LOBS (IN DOC NCLOB, IN DATA BLOB, OUT DOC_LENGTH INTEGER, OUT ECHO NCLOB, OUT BYTES BLOB,
    OUT FLAGS TABLE (BIG_DOC BOOLEAN)) AS
  BEGIN
    DOC_LENGTH := LENGTH(:DOC);
    ECHO := :DOC || '!';
    BYTES := :DATA;
    FLAGS = SELECT LENGTH(:DOC) > 100000 AS BIG_DOC FROM DUMMY;
  END`;

async function main() {
  const client = hdb.createClient({ host, port: Number(port), user, password, fetchSize: 1000, initializationTimeout: 10000 });
  client.on('error', () => {});
  if (!await step('connect', async () => { await p((cb) => client.connect(cb)); return `${host}:${port}`; })) {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(1);
  }

  await step('setup', async () => {
    for (const proc of PROCS) { try { await exec(client, `DROP PROCEDURE ${proc}`); } catch (e) { /* 328: not there */ } }
    for (const table of [T, BIG]) { try { await exec(client, `DROP TABLE ${table}`); } catch (e) { /* 259 */ } }
    await exec(client, `CREATE COLUMN TABLE ${T} (ID INTEGER PRIMARY KEY, CUSTOMER NVARCHAR(20), AMOUNT DECIMAL(10,2), DAY DATE)`);
    await exec(client, `INSERT INTO ${T} VALUES (1, 'ann', 10.50, '2024-03-01'), (2, 'bob', 99.99, '2024-02-29'), (3, 'ann', 150.00, '2024-05-17')`);
    await exec(client, `CREATE COLUMN TABLE ${BIG} (I INTEGER)`);
    await exec(client, `INSERT INTO ${BIG} SELECT GENERATED_PERIOD_START FROM SERIES_GENERATE_INTEGER(1, 1, 2501)`);
    return `${T} (3 rows), ${BIG} (2500 rows)`;
  });

  await step('create_procedures', async () => {
    for (const sql of [SUMMARY, DYNAMIC, GUARD, BIGPROC, LOBS]) await exec(client, sql);
    return PROCS.join(', ');
  });

  await step('call_prepared_out_inout_tables', async () => {
    const stmt = await prepare(client, 'CALL CONF_SUMMARY(?, ?, ?, ?, ?, ?, ?)');
    const modes = stmt.parameterMetadata.map((m) => `${m.name}:${m.ioType}`);
    expect('parameter metadata (name:ioType, 1 IN 2 INOUT 4 OUT)', modes, ['MIN_AMOUNT:1', 'TOTAL:4', 'TAG:2', 'NOTE:4', 'FIRST_DAY:4']);
    const [params, big, perCustomer] = await stmtExec(stmt, [50, 'x']);
    await stmtDrop(stmt);
    expect('TOTAL', params.TOTAL, '260.49');
    expect('TAG', params.TAG, 'x/3');
    expect('NOTE', text(params.NOTE), 'orders of x/3');
    expect('FIRST_DAY', params.FIRST_DAY, '2024-02-29');
    expect('table BIG', big, [{ ID: 2, AMOUNT: '99.99' }, { ID: 3, AMOUNT: '150.00' }]);
    expect('table PER_CUSTOMER', perCustomer, [{ CUSTOMER: 'ann', N: 2 }, { CUSTOMER: 'bob', N: 1 }]);
    return `TOTAL=${params.TOTAL} TAG=${params.TAG} NOTE=${text(params.NOTE)} FIRST_DAY=${params.FIRST_DAY}, 2 + 2 rows`;
  });

  await step('call_named_arguments', async () => {
    const stmt = await prepare(client, 'CALL CONF_SUMMARY(TAG => ?, MIN_AMOUNT => 100, TOTAL => ?, NOTE => ?, FIRST_DAY => ?, BIG => ?, PER_CUSTOMER => ?)');
    const [params, big] = await stmtExec(stmt, ['named']);
    await stmtDrop(stmt);
    expect('TAG', params.TAG, 'named/3');
    expect('table BIG', big, [{ ID: 3, AMOUNT: '150.00' }]);
    return `TAG=${params.TAG}, BIG has ${big.length} row`;
  });

  await step('call_dynamic_result_sets', async () => {
    const stmt = await prepare(client, 'CALL CONF_DYNAMIC(?, ?)');
    const [params, ann, totals] = await stmtExec(stmt, ['ann']);
    expect('N', params.N, 2);
    expect('first dynamic result', ann, [{ ID: 1, CUSTOMER: 'ann' }, { ID: 3, CUSTOMER: 'ann' }]);
    expect('second dynamic result', totals, [{ CUSTOMER: 'ann', TOTAL: '160.50' }, { CUSTOMER: 'bob', TOTAL: '99.99' }]);
    const [params2, none] = await stmtExec(stmt, ['bob']);
    await stmtDrop(stmt);
    expect('N (bob)', params2.N, 1);
    expect('ELSE branch result', none, [{ NOTHING: 'none' }]);
    return 'IF branch: 2 rows + totals; ELSE branch: 1 row';
  });

  await step('call_direct', async () => {
    const res = await execAll(client, 'CALL CONF_DYNAMIC(\'ann\', ?)');
    const results = res.slice(1);
    expect('result sets', results.length, 2);
    expect('first dynamic result', results[0], [{ ID: 1, CUSTOMER: 'ann' }, { ID: 3, CUSTOMER: 'ann' }]);
    return 'EXECUTEDIRECT CALL with 2 result sets';
  });

  await step('table_output_fetch_next', async () => {
    const res = await execAll(client, 'CALL CONF_BIG(?)');
    const rows = res[1];
    expect('row count', rows.length, 2500);
    expect('first and last', [rows[0].I, rows[2499].I], [1, 2500]);
    return '2500 rows over FETCHNEXT (fetch size 1000)';
  });

  await step('call_lob_inputs_and_outputs', async () => {
    // 200,000 characters and 300,000 bytes: node-hdb streams the rest of the inputs with WRITELOB, whose last reply
    // carries the CALL's results; the LOB outputs are read back with READLOB
    const doc = 'äbc'.repeat(66667).slice(0, 200000);
    const data = Buffer.alloc(300000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 0xff;
    const stmt = await prepare(client, 'CALL CONF_LOBS(?, ?, ?, ?, ?, ?)');
    const [params, flags] = await stmtExec(stmt, [doc, data]);
    await stmtDrop(stmt);
    expect('DOC_LENGTH', params.DOC_LENGTH, 200000);
    const echo = text(params.ECHO);
    if (echo !== `${doc}!`) throw new Error(`ECHO: ${echo.length} characters, not the document and '!'`);
    if (!Buffer.isBuffer(params.BYTES) || !params.BYTES.equals(data)) throw new Error(`BYTES: ${params.BYTES && params.BYTES.length} bytes differ`);
    // node-hdb reads the server's BOOLEAN as the TINYINT 1 at the data format versions it negotiates
    expect('table FLAGS', flags.map((r) => Boolean(r.BIG_DOC)), [true]);
    return `NCLOB ${echo.length} characters and BLOB ${params.BYTES.length} bytes back`;
  });

  await step('signal_error', async () => {
    let error = null;
    try { await exec(client, 'CALL CONF_GUARD(3)'); } catch (e) { error = e; }
    if (!error) throw new Error('CALL CONF_GUARD(3) did not fail');
    expect('error code', error.code, 10042);
    if (!/order 3 is protected/.test(error.message)) throw new Error(`message: ${error.message}`);
    const count = await exec(client, `SELECT COUNT(*) AS N FROM ${T}`);
    expect('rows after the failed call (its DELETE undone)', count[0].N, 3);
    await exec(client, 'CALL CONF_GUARD(1)');
    const after = await exec(client, `SELECT COUNT(*) AS N FROM ${T}`);
    expect('rows after CALL CONF_GUARD(1)', after[0].N, 2);
    return `code ${error.code}: ${error.message}`;
  });

  await step('catalog_views', async () => {
    const rows = await exec(client, "SELECT PARAMETER_NAME, POSITION, DATA_TYPE_NAME, PARAMETER_TYPE FROM SYS.PROCEDURE_PARAMETERS " +
      "WHERE PROCEDURE_NAME = 'CONF_SUMMARY' ORDER BY POSITION");
    expect('parameters', rows.map((r) => `${r.PARAMETER_NAME}:${r.DATA_TYPE_NAME}:${r.PARAMETER_TYPE}`),
      ['MIN_AMOUNT:DECIMAL:IN', 'TOTAL:DECIMAL:OUT', 'TAG:NVARCHAR:INOUT', 'NOTE:NCLOB:OUT', 'FIRST_DAY:DATE:OUT',
        'BIG:TABLE_TYPE:OUT', 'PER_CUSTOMER:TABLE_TYPE:OUT']);
    const procs = await exec(client, "SELECT PROCEDURE_NAME, INPUT_PARAMETER_COUNT, OUTPUT_PARAMETER_COUNT, INOUT_PARAMETER_COUNT " +
      "FROM SYS.PROCEDURES WHERE PROCEDURE_NAME LIKE 'CONF_%' ORDER BY PROCEDURE_NAME");
    expect('procedures', procs.map((r) => `${r.PROCEDURE_NAME}:${r.INPUT_PARAMETER_COUNT}/${r.OUTPUT_PARAMETER_COUNT}/${r.INOUT_PARAMETER_COUNT}`),
      ['CONF_BIG:0/1/0', 'CONF_DYNAMIC:1/1/0', 'CONF_GUARD:1/0/0', 'CONF_LOBS:2/4/0', 'CONF_SUMMARY:1/5/1']);
    return `${procs.length} procedures, ${rows.length} parameters of CONF_SUMMARY`;
  });

  await step('no_open_result_sets', async () => {
    const rows = await exec(client, 'SELECT COUNT(*) AS N FROM SYS.M_RESULT_SETS WHERE CONNECTION_ID = CURRENT_CONNECTION');
    // the server lists this query's own cursor only after the view was read: every CALL cursor must be gone
    if (Number(rows[0].N) !== 0) throw new Error(`${rows[0].N} result sets still open`);
    return '0 open';
  });

  await step('cleanup_and_close', async () => {
    for (const proc of PROCS) await exec(client, `DROP PROCEDURE ${proc}`);
    await exec(client, `DROP TABLE ${T}`);
    await exec(client, `DROP TABLE ${BIG}`);
    const left = await exec(client, "SELECT COUNT(*) AS N FROM SYS.PROCEDURES WHERE PROCEDURE_NAME LIKE 'CONF_%'");
    expect('procedures left', Number(left[0].N), 0);
    await p((cb) => client.disconnect(cb));
    client.close();
    return 'dropped';
  });

  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.log(`FAIL scenario: ${e && e.stack ? e.stack : e}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
