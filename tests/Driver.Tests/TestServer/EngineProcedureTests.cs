using Driver.TestServer.Engine;

namespace Driver.Tests.TestServer;

/// <summary>The test server's stored procedures, driven through the engine: CREATE, CALL, the SQLScript subset.</summary>
public sealed class EngineProcedureTests : EngineTestBase
{
    private const string Orders = "CREATE COLUMN TABLE ORDERS (ID INTEGER PRIMARY KEY, CUSTOMER NVARCHAR(20), AMOUNT DECIMAL(10,2))";

    private const string Summary = """
        CREATE PROCEDURE SUMMARY (IN MIN_AMOUNT DECIMAL(10,2), OUT TOTAL DECIMAL(12,2), INOUT TAG NVARCHAR(40),
            OUT BIG TABLE (ID INTEGER, AMOUNT DECIMAL(10,2)), OUT PER_CUSTOMER TABLE (CUSTOMER NVARCHAR(20), N BIGINT))
        LANGUAGE SQLSCRIPT READS SQL DATA AS
        BEGIN
            DECLARE N INTEGER;
            SELECT SUM(AMOUNT), COUNT(*) INTO TOTAL, N FROM ORDERS;
            TAG := :TAG || '/' || TO_NVARCHAR(N);
            BIG = SELECT ID, AMOUNT FROM ORDERS WHERE AMOUNT >= :MIN_AMOUNT ORDER BY ID;
            PER_CUSTOMER = SELECT CUSTOMER, COUNT(*) AS N FROM ORDERS GROUP BY CUSTOMER ORDER BY CUSTOMER;
        END
        """;

    private void Seed()
    {
        Exec(Orders);
        Exec("INSERT INTO ORDERS VALUES (1, 'ann', 10.50), (2, 'bob', 99.99), (3, 'ann', 150.00)");
    }

    private EngineResult Call(string sql, object?[]? inputs = null, bool autoCommit = true)
    {
        using var statement = Session.Prepare(sql);
        return Session.ExecuteRow(statement, inputs ?? [], autoCommit);
    }

    private static List<object?[]> Rows(EngineCursor cursor)
    {
        using (cursor)
        {
            return cursor.FetchRows();
        }
    }

    [Fact]
    public void ScalarOutInOutAndTwoTableOutputs()
    {
        Seed();
        Exec(Summary);
        using var call = Session.Prepare("CALL SUMMARY(?, ?, ?, ?, ?)");
        Assert.Equal(StatementKind.Call, call.Kind);
        Assert.Equal(["MIN_AMOUNT", "TOTAL", "TAG"], call.Parameters.Select(p => p.ColumnName));
        Assert.Equal([ProcedureParameterMode.In, ProcedureParameterMode.Out, ProcedureParameterMode.InOut], call.Parameters.Select(p => p.Mode));
        Assert.Equal(HanaSqlType.Decimal, call.Parameters[1].Type);
        Assert.Equal(12, call.Parameters[1].Precision);
        Assert.Equal(40, call.Parameters[2].Length);

        var result = Session.ExecuteRow(call, [50m, "x"], autoCommit: true);
        var outputs = Rows(result.OutputParameters!);
        Assert.Equal([260.49m, "x/3"], outputs.Single());
        Assert.Equal(["TOTAL", "TAG"], result.OutputParameters!.Columns.Select(c => c.ColumnName));
        Assert.Equal(2, result.ResultSets.Count);
        Assert.Equal(["ID", "AMOUNT"], result.ResultSets[0].Columns.Select(c => c.DisplayName));
        Assert.Equal(HanaSqlType.Decimal, result.ResultSets[0].Columns[1].Type);
        Assert.Equal([[2, 99.99m], [3, 150.00m]], Rows(result.ResultSets[0]));
        Assert.Equal(20, result.ResultSets[1].Columns[0].Length);
        Assert.Equal([["ann", 2L], ["bob", 1L]], Rows(result.ResultSets[1]));
    }

    [Fact]
    public void LiteralArgumentsAndDirectExecution()
    {
        Seed();
        Exec(Summary);
        Assert.Equal(1281, Fails(() => Session.ExecuteDirect("CALL SUMMARY(100, ?, 'lit', ?, ?)", autoCommit: true)).Code); // INOUT needs a marker
        Exec("CREATE PROCEDURE TOTAL_OF (IN P_CUSTOMER NVARCHAR(20), IN FACTOR INTEGER, OUT TOTAL DECIMAL(12,2)) AS " +
             "BEGIN SELECT SUM(AMOUNT) * :FACTOR INTO TOTAL FROM ORDERS WHERE CUSTOMER = :P_CUSTOMER; END");
        var result = Session.ExecuteDirect("CALL TOTAL_OF('ann', 1 + 1, ?)", autoCommit: true);
        Assert.Equal(StatementKind.Call, result.Kind);
        Assert.Empty(result.ResultSets);
        Assert.Equal([321.00m], Rows(result.OutputParameters!).Single());
    }

    [Fact]
    public void DmlIfElseAndDynamicResultSets()
    {
        Seed();
        Exec("""
            CREATE OR REPLACE PROCEDURE BUMP (IN P_ID INTEGER, IN DELTA DECIMAL(10,2), OUT STATUS NVARCHAR(10)) AS
            BEGIN
                DECLARE CURRENT_AMOUNT DECIMAL(10,2) := 0;
                UPDATE ORDERS SET AMOUNT = AMOUNT + :DELTA WHERE ID = :P_ID;
                SELECT AMOUNT INTO CURRENT_AMOUNT FROM ORDERS WHERE ID = :P_ID;
                IF CURRENT_AMOUNT > 200 THEN
                    STATUS := 'HIGH';
                ELSEIF :CURRENT_AMOUNT > 100 THEN
                    STATUS := 'MID';
                ELSE
                    STATUS := 'LOW';
                    INSERT INTO ORDERS VALUES (100 + :P_ID, 'low', :CURRENT_AMOUNT);
                END IF;
                SELECT ID, AMOUNT FROM ORDERS WHERE ID = :P_ID;
                SELECT COUNT(*) AS N FROM ORDERS;
            END;
            """);
        var high = Call("CALL BUMP(?, ?, ?)", [3, 60m]);
        Assert.Equal("HIGH", Rows(high.OutputParameters!).Single()[0]);
        Assert.Equal(2, high.ResultSets.Count);
        Assert.Equal([[3, 210.00m]], Rows(high.ResultSets[0]));
        Assert.Equal(3L, Rows(high.ResultSets[1]).Single()[0]);

        var low = Call("CALL BUMP(?, ?, ?)", [1, 1m]);
        Assert.Equal("LOW", Rows(low.OutputParameters!).Single()[0]);
        Assert.Equal(4L, Rows(low.ResultSets[1]).Single()[0]);
        low.ResultSets[0].Dispose();
        Assert.Equal(11.50m, Scalar("SELECT AMOUNT FROM ORDERS WHERE ID = 101"));
    }

    [Fact]
    public void SignalRaisesTheCodeAndRollsBackTheCall()
    {
        Seed();
        Exec("""
            CREATE PROCEDURE CHECKED_DELETE (IN P_ID INTEGER) AS
            BEGIN
                DELETE FROM ORDERS WHERE ID = :P_ID;
                IF :P_ID > 2 THEN
                    SIGNAL SQL_ERROR_CODE 10001 SET MESSAGE_TEXT = 'order ' || TO_NVARCHAR(:P_ID) || ' is protected';
                END IF;
            END
            """);
        var error = Fails(() => Call("CALL CHECKED_DELETE(3)"));
        Assert.Equal(10001, error.Code);
        Assert.Contains("order 3 is protected", error.Message);
        Assert.Equal(3L, Scalar("SELECT COUNT(*) FROM ORDERS"));
        Call("CALL CHECKED_DELETE(1)");
        Assert.Equal(2L, Scalar("SELECT COUNT(*) FROM ORDERS"));
    }

    [Fact]
    public void InATransactionTheCallsWritesWaitForCommit()
    {
        Seed();
        Exec("CREATE PROCEDURE ADD_ORDER (IN P_ID INTEGER) AS BEGIN INSERT INTO ORDERS VALUES (:P_ID, 'tx', 1); END");
        var result = Call("CALL ADD_ORDER(?)", [7], autoCommit: false);
        Assert.True(result.WriteTransactionStarted);
        Assert.False(result.Committed);
        Session.Rollback();
        Assert.Equal(3L, Scalar("SELECT COUNT(*) FROM ORDERS"));
    }

    [Fact]
    public void AFailingCallInATransactionUndoesOnlyItsOwnWrites()
    {
        Seed();
        Exec("""
            CREATE PROCEDURE ADD_THEN_FAIL (IN P_ID INTEGER) AS
            BEGIN
                INSERT INTO ORDERS VALUES (:P_ID, 'call', 1);
                UPDATE ORDERS SET AMOUNT = 0 WHERE ID = 1;
                IF :P_ID > 50 THEN
                    SIGNAL SQL_ERROR_CODE 10002 SET MESSAGE_TEXT = 'too big';
                END IF;
            END
            """);
        Exec("INSERT INTO ORDERS VALUES (10, 'before', 5)", autoCommit: false);
        Assert.Equal(10002, Fails(() => Call("CALL ADD_THEN_FAIL(60)", autoCommit: false)).Code);
        Assert.True(Session.InTransaction);
        Assert.Equal([[1, 10.50m], [10, 5m]], Query("SELECT ID, AMOUNT FROM ORDERS WHERE ID IN (1, 10, 60) ORDER BY ID", autoCommit: false));
        Call("CALL ADD_THEN_FAIL(20)", autoCommit: false);
        Session.Commit();
        Assert.Equal([[1, 0m], [10, 5m], [20, 1m]], Query("SELECT ID, AMOUNT FROM ORDERS WHERE ID IN (1, 10, 20, 60) ORDER BY ID"));

        // a failing CALL that began the transaction leaves none behind
        Assert.Equal(10002, Fails(() => Call("CALL ADD_THEN_FAIL(70)", autoCommit: false)).Code);
        Assert.False(Session.InTransaction);
        Assert.Equal(5L, Scalar("SELECT COUNT(*) FROM ORDERS")); // 3 seeded, 10 and 20
    }

    [Fact]
    public void CatalogViewsListProceduresAndParameters()
    {
        Seed();
        Exec(Summary);
        var procedure = Query("SELECT SCHEMA_NAME, PROCEDURE_NAME, INPUT_PARAMETER_COUNT, OUTPUT_PARAMETER_COUNT, INOUT_PARAMETER_COUNT, READ_ONLY, PROCEDURE_TYPE " +
                              "FROM SYS.PROCEDURES WHERE PROCEDURE_NAME = 'SUMMARY'").Single();
        Assert.Equal(["SYSTEM", "SUMMARY", 1, 3, 1, "TRUE", "SQLSCRIPT"], procedure);
        var parameters = Query("SELECT PARAMETER_NAME, POSITION, DATA_TYPE_NAME, LENGTH, SCALE, PARAMETER_TYPE, IS_INPLACE_TYPE " +
                               "FROM SYS.PROCEDURE_PARAMETERS WHERE SCHEMA_NAME = 'SYSTEM' AND PROCEDURE_NAME = 'SUMMARY' ORDER BY POSITION");
        Assert.Equal(
        [
            ["MIN_AMOUNT", 1, "DECIMAL", 10, 2, "IN", "FALSE"],
            ["TOTAL", 2, "DECIMAL", 12, 2, "OUT", "FALSE"],
            ["TAG", 3, "NVARCHAR", 40, null, "INOUT", "FALSE"],
            ["BIG", 4, "TABLE_TYPE", null, null, "OUT", "TRUE"],
            ["PER_CUSTOMER", 5, "TABLE_TYPE", null, null, "OUT", "TRUE"],
        ], parameters);

        Exec("DROP PROCEDURE SUMMARY");
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM SYS.PROCEDURE_PARAMETERS WHERE PROCEDURE_NAME = 'SUMMARY'"));
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM SYS.PROCEDURES WHERE PROCEDURE_NAME = 'SUMMARY'"));
        Assert.Equal(328, Fails(() => Exec("CALL SUMMARY(1, ?, ?, ?, ?)")).Code);
    }

    [Fact]
    public void TableTypeParameters()
    {
        Seed();
        Exec("CREATE TYPE ORDER_ROWS AS TABLE (ID INTEGER, CUSTOMER NVARCHAR(20))");
        Exec("CREATE PROCEDURE LIST_ORDERS (OUT ROWS_OUT ORDER_ROWS) AS BEGIN ROWS_OUT = SELECT ID, CUSTOMER FROM ORDERS WHERE ID < 3 ORDER BY ID; END");
        var result = Call("CALL LIST_ORDERS(?)");
        Assert.Null(result.OutputParameters);
        Assert.Equal([[1, "ann"], [2, "bob"]], Rows(result.ResultSets.Single()));
        Assert.Equal("ORDER_ROWS", Scalar("SELECT TABLE_TYPE_NAME FROM SYS.PROCEDURE_PARAMETERS WHERE PROCEDURE_NAME = 'LIST_ORDERS'"));
    }

    [Theory]
    [InlineData("BEGIN FOR I IN 1..3 DO SELECT 1 FROM DUMMY; END FOR; END", "FOR loop")]
    [InlineData("BEGIN WHILE 1 = 1 DO SELECT 1 FROM DUMMY; END WHILE; END", "WHILE loop")]
    [InlineData("BEGIN CALL OTHER(); END", "nested CALL")]
    [InlineData("BEGIN EXEC 'SELECT 1 FROM DUMMY'; END", "dynamic SQL")]
    [InlineData("BEGIN DECLARE EXIT HANDLER FOR SQLEXCEPTION SELECT 1 FROM DUMMY; END", "HANDLER")]
    [InlineData("BEGIN DECLARE C CURSOR FOR SELECT 1 FROM DUMMY; END", "CURSOR")]
    [InlineData("BEGIN BEGIN SELECT 1 FROM DUMMY; END; END", "nested BEGIN")]
    [InlineData("BEGIN CREATE TABLE T (A INT); END", "DDL (CREATE)")]
    public void UnsupportedConstructsFailAtCreate(string body, string named)
    {
        var error = Fails(() => Exec($"CREATE PROCEDURE P_BAD (IN A INTEGER) AS {body}"));
        Assert.Equal(7, error.Code);
        Assert.Contains(named, error.Message);
        Assert.Contains("SYSTEM.P_BAD", error.Message);
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM SYS.PROCEDURES WHERE PROCEDURE_NAME = 'P_BAD'"));
    }

    [Theory]
    [InlineData("CREATE PROCEDURE P_ERR (IN A INTEGER) AS BEGIN X := 1; END", 257, "identifier must be declared: X")]
    [InlineData("CREATE PROCEDURE P_ERR (IN A INTEGER) AS BEGIN SELECT :NOPE FROM DUMMY; END", 257, "identifier must be declared: NOPE")]
    [InlineData("CREATE PROCEDURE P_ERR (IN A INTEGER, IN A INTEGER) AS BEGIN END", 288, "duplicate")]
    [InlineData("CREATE PROCEDURE P_ERR (IN A INTEGER) AS BEGIN SIGNAL SQL_ERROR_CODE 5 SET MESSAGE_TEXT = 'x'; END", 7, "10000..19999")]
    [InlineData("CREATE PROCEDURE P_ERR (IN T TABLE (A INTEGER)) AS BEGIN END", 7, "IN table parameter T")]
    [InlineData("CREATE PROCEDURE P_ERR (IN A INTEGER) LANGUAGE RLANG AS BEGIN END", 7, "LANGUAGE RLANG")]
    [InlineData("CREATE PROCEDURE P_ERR (IN A INTEGER) AS BEGIN SELECT 1 FROM DUMMY", 257, "END")]
    [InlineData("CREATE PROCEDURE P_ERR (IN A INTEGER) READS SQL DATA AS BEGIN IF A > 0 THEN DELETE FROM X; END IF; END", 7, "READ ONLY procedure")]
    public void InvalidDefinitionsFailAtCreate(string sql, int code, string text)
    {
        var error = Fails(() => Exec(sql));
        Assert.Equal(code, error.Code);
        Assert.Contains(text, error.Message);
    }

    [Fact]
    public void CallArgumentsAreChecked()
    {
        Seed();
        Exec(Summary);
        Assert.Equal(1281, Fails(() => Session.Prepare("CALL SUMMARY(1, ?, ?)")).Code);
        Assert.Equal(1281, Fails(() => Session.Prepare("CALL SUMMARY(1, 2, 'x', ?, ?)")).Code);
        Assert.Equal(329, Fails(() => Exec(Summary)).Code);
        using var named = Session.Prepare("CALL SUMMARY(TAG => ?, MIN_AMOUNT => 0, TOTAL => ?, BIG => ?, PER_CUSTOMER => ?)");
        Assert.Equal(["TAG", "TOTAL"], named.Parameters.Select(p => p.ColumnName));
        var result = Session.ExecuteRow(named, ["n"], autoCommit: true);
        Assert.Equal(["n/3", 260.49m], Rows(result.OutputParameters!).Single()); // in the markers' order (§17)
        Assert.Equal(3, Rows(result.ResultSets[0]).Count);
        result.ResultSets[1].Dispose();
    }

    [Fact]
    public void SelectIntoWithoutRowsRaisesNoDataFound()
    {
        Seed();
        Exec("CREATE PROCEDURE FIND_CUSTOMER (IN P_ID INTEGER, OUT NAME NVARCHAR(20)) AS BEGIN SELECT CUSTOMER INTO NAME FROM ORDERS WHERE ID = :P_ID; END");
        Assert.Equal("bob", Rows(Call("CALL FIND_CUSTOMER(2, ?)").OutputParameters!).Single()[0]);
        Assert.Equal(1299, Fails(() => Call("CALL FIND_CUSTOMER(42, ?)")).Code);
    }

    [Fact]
    public void EveryTypeFamilyAsOutput()
    {
        Exec("""
            CREATE PROCEDURE ALL_TYPES (IN SEED INTEGER, OUT O_TINY TINYINT, OUT O_SMALL SMALLINT, OUT O_INT INTEGER, OUT O_BIG BIGINT,
                OUT O_DEC DECIMAL(38,10), OUT O_FLOAT_DEC DECIMAL, OUT O_REAL REAL, OUT O_DOUBLE DOUBLE, OUT O_NV NVARCHAR(30),
                OUT O_VC VARCHAR(10), OUT O_VB VARBINARY(8), OUT O_DATE DATE, OUT O_TIME TIME, OUT O_SD SECONDDATE,
                OUT O_TS TIMESTAMP, OUT O_BOOL BOOLEAN, OUT O_NCLOB NCLOB, OUT O_BLOB BLOB) AS
            BEGIN
                O_TINY := :SEED + 200;
                O_SMALL := -:SEED;
                O_INT := :SEED * 1000000;
                O_BIG := 9000000000000000000 + :SEED;
                O_DEC := 1234567890123456789012345678.0123456789;
                O_FLOAT_DEC := 1.5 / 4;
                O_REAL := 0.5;
                O_DOUBLE := 1.0E300;
                O_NV := 'grüße ' || TO_NVARCHAR(:SEED);
                O_VC := 'abc';
                O_VB := X'CAFE';
                O_DATE := '2024-02-29';
                O_TIME := '23:59:58';
                O_SD := '2024-02-29 12:34:56';
                O_TS := '2024-02-29 12:34:56.1234567';
                O_BOOL := :SEED > 1;
                O_NCLOB := RPAD('x', 5000, 'y');
                O_BLOB := X'00FF';
            END
            """);
        var result = Call("CALL ALL_TYPES(7, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        var columns = result.OutputParameters!.Columns;
        Assert.Equal([HanaSqlType.TinyInt, HanaSqlType.SmallInt, HanaSqlType.Integer, HanaSqlType.BigInt, HanaSqlType.Decimal, HanaSqlType.Decimal,
            HanaSqlType.Real, HanaSqlType.Double, HanaSqlType.NVarChar, HanaSqlType.VarChar, HanaSqlType.VarBinary, HanaSqlType.Date, HanaSqlType.Time,
            HanaSqlType.SecondDate, HanaSqlType.Timestamp, HanaSqlType.Boolean, HanaSqlType.NClob, HanaSqlType.Blob], columns.Select(c => c.Type));
        Assert.Equal(30, columns[8].Length);
        Assert.Equal(EngineColumn.FloatingScale, columns[5].Scale);
        var row = Rows(result.OutputParameters!).Single();
        Assert.Equal((byte)207, row[0]);
        Assert.Equal((short)-7, row[1]);
        Assert.Equal(7_000_000, row[2]);
        Assert.Equal(9_000_000_000_000_000_007L, row[3]);
        Assert.Equal("1234567890123456789012345678.0123456789", Convert.ToString(row[4], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0.375m, row[5]);
        Assert.Equal(0.5f, row[6]);
        Assert.Equal(1.0E300, row[7]);
        Assert.Equal("grüße 7", row[8]);
        Assert.Equal("abc", row[9]);
        Assert.Equal(new byte[] { 0xCA, 0xFE }, row[10]);
        Assert.Equal(new DateTime(2024, 2, 29), row[11]);
        Assert.Equal(new DateTime(2024, 2, 29, 12, 34, 56), row[13]);
        Assert.Equal(new DateTime(2024, 2, 29, 12, 34, 56).AddTicks(1234567), row[14]);
        Assert.Equal(true, row[15]);
        Assert.Equal(5000, ((string)row[16]!).Length);
        Assert.Equal(new byte[] { 0x00, 0xFF }, row[17]);
    }
}
