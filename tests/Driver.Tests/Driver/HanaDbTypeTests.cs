using System.Data;
using System.Data.Common;
using Driver.Core.Api;
using Driver.Core.Protocol;
using Driver.Core.Types;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>
/// HanaDbType and SAP's HanaParameter constructors, GetDataTypeName's SQL names and the provider-specific values (issue
/// 20, "Types and names"), in both flavors over the test server.
/// </summary>
public class HanaDbTypeTests : DriverTestBase
{
    // SAP's Sap.Data.Hana.HanaDbType as its current release numbers it (linq2db's SapHanaProviderAdapter.HanaDbType mirrors it)
    private static readonly (string Name, int Value)[] SapMembers =
    [
        ("AlphaNum", 1), ("BigInt", 2), ("Blob", 3), ("Boolean", 4), ("Clob", 5), ("Date", 6), ("Decimal", 7), ("Double", 8),
        ("Integer", 9), ("NClob", 10), ("NVarChar", 11), ("Real", 12), ("RealVector", 13), ("SecondDate", 14), ("ShortText", 15),
        ("SmallDecimal", 16), ("SmallInt", 17), ("Text", 18), ("Time", 19), ("TimeStamp", 20), ("TinyInt", 21), ("VarBinary", 22),
        ("VarChar", 23),
    ];

    /// <summary>A parameter of the flavor with the HANA type named <paramref name="hanaDbType"/> (SAP's (name, type) constructor).</summary>
    private static DbParameter Typed(Flavor flavor, string name, string hanaDbType, object? value)
    {
        DbParameter parameter = flavor.IsAsync
            ? new global::Driver.Async.HanaParameter(name, Enum.Parse<global::Driver.Async.HanaDbType>(hanaDbType))
            : new global::Driver.Sync.HanaParameter(name, Enum.Parse<global::Driver.Sync.HanaDbType>(hanaDbType));
        parameter.Value = value;
        return parameter;
    }

    private static string HanaDbTypeOf(DbParameter parameter) => parameter switch
    {
        global::Driver.Sync.HanaParameter sync => sync.HanaDbType.ToString(),
        global::Driver.Async.HanaParameter async => async.HanaDbType.ToString(),
        _ => throw new InvalidOperationException(),
    };

    private static void SetHanaDbType(DbParameter parameter, string type)
    {
        switch (parameter)
        {
            case global::Driver.Sync.HanaParameter sync:
                sync.HanaDbType = Enum.Parse<global::Driver.Sync.HanaDbType>(type);
                break;
            case global::Driver.Async.HanaParameter async:
                async.HanaDbType = Enum.Parse<global::Driver.Async.HanaDbType>(type);
                break;
        }
    }

    [Fact]
    public void EnumHasSapsMemberNamesAndValuesInBothFlavors()
    {
        foreach (var type in new[] { typeof(global::Driver.Sync.HanaDbType), typeof(global::Driver.Async.HanaDbType) })
        {
            foreach (var (name, value) in SapMembers)
            {
                Assert.True(Enum.TryParse(type, name, ignoreCase: false, out var member), $"{type.FullName} has no {name}");
                Assert.Equal(value, Convert.ToInt32(member));
            }
            // the SQL types SAP's enumeration lacks
            foreach (var extra in new[] { "Char", "NChar", "Binary", "BinText", "StGeometry", "StPoint" })
            {
                Assert.True(Enum.IsDefined(type, extra), $"{type.FullName} has no {extra}");
            }
        }
        Assert.Equal(
            Enum.GetNames<global::Driver.Sync.HanaDbType>().Zip(Enum.GetValues<global::Driver.Sync.HanaDbType>().Select(v => (int)v)),
            Enum.GetNames<global::Driver.Async.HanaDbType>().Zip(Enum.GetValues<global::Driver.Async.HanaDbType>().Select(v => (int)v)));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public void HanaDbTypeAndDbTypeFollowEachOther(string name)
    {
        var flavor = Flavor.Get(name);
        var parameter = Typed(flavor, "p", "Integer", null);
        Assert.Equal(DbType.Int32, parameter.DbType);

        SetHanaDbType(parameter, "VarChar");
        Assert.Equal(DbType.AnsiString, parameter.DbType);
        SetHanaDbType(parameter, "TimeStamp");
        Assert.Equal(DbType.DateTime, parameter.DbType);
        SetHanaDbType(parameter, "NChar");
        Assert.Equal(DbType.StringFixedLength, parameter.DbType);

        parameter.DbType = DbType.Int64;
        Assert.Equal("BigInt", HanaDbTypeOf(parameter));
        parameter.DbType = DbType.Date;
        Assert.Equal("Date", HanaDbTypeOf(parameter));
        parameter.DbType = DbType.Decimal;
        Assert.Equal("Decimal", HanaDbTypeOf(parameter));
        parameter.DbType = DbType.String;
        Assert.Equal("NVarChar", HanaDbTypeOf(parameter));

        // neither set: both inferred from the value
        parameter.ResetDbType();
        parameter.Value = new DateOnly(2024, 2, 29);
        Assert.Equal("Date", HanaDbTypeOf(parameter));
        Assert.Equal(DbType.Date, parameter.DbType);
        parameter.Value = new TimeOnly(13, 14);
        Assert.Equal("Time", HanaDbTypeOf(parameter));
        Assert.Equal(DbType.Time, parameter.DbType);
        parameter.Value = DateTimeOffset.UnixEpoch;
        Assert.Equal("TimeStamp", HanaDbTypeOf(parameter));
        Assert.Equal(DbType.DateTimeOffset, parameter.DbType);
        parameter.Value = new[] { 1f, 2f };
        Assert.Equal("RealVector", HanaDbTypeOf(parameter));
        parameter.Value = 12.5m;
        Assert.Equal("Decimal", HanaDbTypeOf(parameter));

        var undefined = Assert.Throws<ArgumentOutOfRangeException>(() => SetHanaDbType(parameter, "999"));
        Assert.Contains("HanaDbType", undefined.Message);
    }

    [Fact]
    public void SapsConstructorsSetWhatTheyName()
    {
        // Sync flavor first, then the same with Async (one constructor set, compiled twice)
        var a = new global::Driver.Sync.HanaParameter("a", global::Driver.Sync.HanaDbType.NVarChar, 20);
        Assert.Equal(("a", global::Driver.Sync.HanaDbType.NVarChar, 20, DbType.String), (a.ParameterName, a.HanaDbType, a.Size, a.DbType));
        var b = new global::Driver.Sync.HanaParameter("b", global::Driver.Sync.HanaDbType.Decimal, 0, "PRICE");
        Assert.Equal(("b", global::Driver.Sync.HanaDbType.Decimal, "PRICE"), (b.ParameterName, b.HanaDbType, b.SourceColumn));
        var c = new global::Driver.Sync.HanaParameter("c", global::Driver.Sync.HanaDbType.Decimal, 0, ParameterDirection.Input, false, 12, 2, "AMOUNT", DataRowVersion.Current, 1.25m);
        Assert.Equal((ParameterDirection.Input, false, (byte)12, (byte)2, "AMOUNT", (object?)1.25m), (c.Direction, c.IsNullable, c.Precision, c.Scale, c.SourceColumn, c.Value));
        Assert.Equal(global::Driver.Sync.HanaDbType.Decimal, c.HanaDbType);
        var d = new global::Driver.Sync.HanaParameter("d", 5);
        Assert.Equal((global::Driver.Sync.HanaDbType.Integer, DbType.Int32), (d.HanaDbType, d.DbType));

        var e = new global::Driver.Async.HanaParameter("e", global::Driver.Async.HanaDbType.TimeStamp, 0, "CREATED");
        Assert.Equal(("e", global::Driver.Async.HanaDbType.TimeStamp, DbType.DateTime, "CREATED"), (e.ParameterName, e.HanaDbType, e.DbType, e.SourceColumn));
        var f = new global::Driver.Async.HanaParameter("f", global::Driver.Async.HanaDbType.VarBinary, 16, ParameterDirection.Input, true, 0, 0, "F", DataRowVersion.Current, new byte[] { 1 });
        Assert.Equal((global::Driver.Async.HanaDbType.VarBinary, 16, DbType.Binary), (f.HanaDbType, f.Size, f.DbType));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ASetHanaDbTypeIsTheTypeTheValueIsSentAs(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE T (ID INTEGER, V VARCHAR(10), TS TIMESTAMP, D DECIMAL(10,2))");

        // declared VARCHAR: an int is refused unless the parameter says INTEGER, which the server converts
        using (var refused = flavor.Command(connection, "INSERT INTO T (ID, V) VALUES (?, ?)", 0, 42))
        {
            var error = await Assert.ThrowsAsync<InvalidCastException>(() => flavor.ExecuteNonQuery(refused));
            Assert.Contains("VARCHAR", error.Message);
        }
        using (var insert = flavor.Command(connection, "INSERT INTO T (ID, V, TS, D) VALUES (?, ?, ?, ?)"))
        {
            var timestamp = new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(1234567);
            insert.Parameters.Add(Typed(flavor, "id", "Integer", 1));
            insert.Parameters.Add(Typed(flavor, "v", "Integer", 42));
            // the declared code is kept when it is already the SQL type asked for: LONGDATE keeps the 100 ns ticks a
            // TIMESTAMP code (type 16, milliseconds) would drop, FIXED8 the declared scale
            insert.Parameters.Add(Typed(flavor, "ts", "TimeStamp", timestamp));
            insert.Parameters.Add(Typed(flavor, "d", "Decimal", 12.34m));
            Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
            var row = Assert.Single(await flavor.Query(connection, "SELECT V, TS, D FROM T WHERE ID = 1"));
            Assert.Equal("42", row[0]);
            Assert.Equal(timestamp, row[1]);
            Assert.Equal(12.34m, row[2]);
        }

        // a value that is not of the chosen type: refused before sending, naming the HANA type chosen
        using (var wrong = flavor.Command(connection, "INSERT INTO T (ID, V) VALUES (?, ?)"))
        {
            wrong.Parameters.Add(Typed(flavor, "id", "Integer", 2));
            wrong.Parameters.Add(Typed(flavor, "v", "Integer", "forty-two"));
            var error = await Assert.ThrowsAsync<InvalidCastException>(() => flavor.ExecuteNonQuery(wrong));
            Assert.Contains("INT", error.Message);
        }

        // NULL stays NULL whatever the type; named markers bind the chosen type too
        using (var named = flavor.Command(connection, "INSERT INTO T (ID, V, TS) VALUES (:id, :v, :ts)"))
        {
            named.Parameters.Add(Typed(flavor, "id", "BigInt", 3L));
            named.Parameters.Add(Typed(flavor, "v", "Double", 2.5));
            named.Parameters.Add(Typed(flavor, "ts", "Date", null));
            Assert.Equal(1, await flavor.ExecuteNonQuery(named));
            var row = Assert.Single(await flavor.Query(connection, "SELECT V, TS FROM T WHERE ID = 3"));
            Assert.Equal("2.5", row[0]);
            Assert.Null(row[1]);
        }
        // a disposed command's DROPSTATEMENTID goes out with the connection's next request
        Assert.Equal(1, Convert.ToInt32(await flavor.Scalar(connection, "SELECT 1 FROM DUMMY")));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task LobParametersAreSentAsTheDeclaredLobWhateverTheHanaDbType(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE T (ID INTEGER, NC NCLOB, BL BLOB)");
        using (var insert = flavor.Command(connection, "INSERT INTO T VALUES (?, ?, ?)"))
        {
            insert.Parameters.Add(Typed(flavor, "id", "Integer", 1));
            // a character type for an NCLOB: the text goes as the LOB the statement declares (§10.2)
            insert.Parameters.Add(Typed(flavor, "nc", "NVarChar", "text ä😀"));
            insert.Parameters.Add(Typed(flavor, "bl", "Blob", new byte[] { 1, 2, 3 }));
            Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        }
        var row = Assert.Single(await flavor.Query(connection, "SELECT NC, BL FROM T"));
        Assert.Equal("text ä😀", row[0]);
        Assert.Equal(new byte[] { 1, 2, 3 }, row[1]);
        Assert.Equal(1, Convert.ToInt32(await flavor.Scalar(connection, "SELECT 1 FROM DUMMY")));
    }

    [Fact]
    public void TheDeclaredCodeIsKeptForTheSameSqlTypeAndReplacedOtherwise()
    {
        var timestamp = new ParameterTypeOverride(HanaTypeCode.Timestamp, HanaTypeCode.Timestamp, DateTime.MinValue);
        Assert.Equal(HanaTypeCode.LongDate, timestamp.Choose(HanaTypeCode.LongDate));
        Assert.Equal(HanaTypeCode.Timestamp, timestamp.Choose(HanaTypeCode.DayDate));
        var decimalType = new ParameterTypeOverride(HanaTypeCode.Decimal, HanaTypeCode.Decimal, 1m);
        Assert.Equal(HanaTypeCode.Fixed12, decimalType.Choose(HanaTypeCode.Fixed12));
        Assert.Equal(HanaTypeCode.Decimal, decimalType.Choose(HanaTypeCode.Double));
        var boolean = new ParameterTypeOverride(HanaTypeCode.Boolean, HanaTypeCode.Boolean, true);
        Assert.Equal(HanaTypeCode.TinyInt, boolean.Choose(HanaTypeCode.TinyInt)); // BOOLEAN below DFV 7
        var secondDate = new ParameterTypeOverride(HanaTypeCode.SecondDate, HanaTypeCode.Timestamp, DateTime.MinValue);
        Assert.Equal(HanaTypeCode.SecondDate, secondDate.Choose(HanaTypeCode.SecondDate));
        Assert.Equal(HanaTypeCode.Timestamp, secondDate.Choose(HanaTypeCode.NVarChar));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task GetDataTypeNameGivesSqlTypeNamesAsTheSchemaDoes(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        (string Column, string Sql)[] columns =
        [
            ("TI", "TINYINT"), ("SI", "SMALLINT"), ("I", "INTEGER"), ("BI", "BIGINT"), ("D", "DECIMAL(10,2)"), ("D38", "DECIMAL(38,0)"),
            ("FD", "DECIMAL"), ("SD", "SMALLDECIMAL"), ("R", "REAL"), ("DB", "DOUBLE"), ("C", "CHAR(3)"), ("VC", "VARCHAR(5)"),
            ("NC", "NCHAR(3)"), ("NV", "NVARCHAR(5)"), ("AN", "ALPHANUM(5)"), ("ST", "SHORTTEXT(5)"), ("BN", "BINARY(4)"),
            ("VB", "VARBINARY(4)"), ("DA", "DATE"), ("TM", "TIME"), ("SDT", "SECONDDATE"), ("TS", "TIMESTAMP"), ("BO", "BOOLEAN"),
            ("CL", "CLOB"), ("NCL", "NCLOB"), ("BL", "BLOB"), ("TX", "TEXT"),
        ];
        await flavor.Execute(connection, $"CREATE COLUMN TABLE T ({string.Join(", ", columns.Select(c => $"{c.Column} {c.Sql}"))})");
        using var command = flavor.Command(connection, "SELECT * FROM T");
        var reader = await flavor.ExecuteReader(command);
        try
        {
            var schema = reader.GetColumnSchema();
            var table = reader.GetSchemaTable()!;
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToList();
            // SMALLDECIMAL travels as DECIMAL (§7.2); SHORTTEXT / TEXT / ALPHANUM have their own codes from DFV 4
            string[] expected =
            [
                "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DECIMAL", "DECIMAL", "DECIMAL", "DECIMAL", "REAL", "DOUBLE", "CHAR",
                "VARCHAR", "NCHAR", "NVARCHAR", "ALPHANUM", "SHORTTEXT", "BINARY", "VARBINARY", "DATE", "TIME", "SECONDDATE",
                "TIMESTAMP", "BOOLEAN", "CLOB", "NCLOB", "BLOB", "TEXT",
            ];
            Assert.Equal(expected, names);
            Assert.Equal(names, schema.Select(c => c.DataTypeName));
            Assert.Equal(names, table.Rows.Cast<DataRow>().Select(r => (string)r["DataTypeName"]));
        }
        finally
        {
            await flavor.CloseReader(reader);
        }
    }

    [Fact]
    public void SqlTypeNamesNameTheTypesTheTestServerCannotStore()
    {
        Assert.Equal("REAL_VECTOR", SqlTypeNames.For(HanaTypeCode.RealVector));
        Assert.Equal("ST_GEOMETRY", SqlTypeNames.For(HanaTypeCode.StGeometry));
        Assert.Equal("ST_POINT", SqlTypeNames.For(HanaTypeCode.StPoint));
        Assert.Equal("TIMESTAMP", SqlTypeNames.For(HanaTypeCode.LongDate));
        Assert.Equal("DATE", SqlTypeNames.For(HanaTypeCode.DayDate));
        Assert.Equal("TIME", SqlTypeNames.For(HanaTypeCode.SecondTime));
        Assert.Equal("DECIMAL", SqlTypeNames.For(HanaTypeCode.Fixed16));
        Assert.Equal("BINTEXT", SqlTypeNames.For(HanaTypeCode.BinText));
    }

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task ProviderSpecificValuesGiveHanaDecimalForDecimal(string name)
    {
        const string digits38 = "12345678901234567890123456789012345678";
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        await flavor.Execute(connection, "CREATE COLUMN TABLE T (ID INTEGER, D38 DECIMAL(38,0), D DECIMAL(10,2), N NVARCHAR(5))");
        using (var insert = flavor.Command(connection, "INSERT INTO T VALUES (?, ?, ?, ?)"))
        {
            insert.Parameters.Add(Typed(flavor, "id", "Integer", 1));
            insert.Parameters.Add(Typed(flavor, "d38", "NVarChar", digits38)); // a 38-digit literal, converted by the server
            insert.Parameters.Add(Typed(flavor, "d", "Decimal", -1.5m));
            insert.Parameters.Add(Typed(flavor, "n", "NVarChar", "x"));
            Assert.Equal(1, await flavor.ExecuteNonQuery(insert));
        }
        await flavor.Execute(connection, "INSERT INTO T VALUES (2, NULL, NULL, NULL)");

        using var command = flavor.Command(connection, "SELECT ID, D38, D, N FROM T ORDER BY ID");
        var reader = await flavor.ExecuteReader(command);
        try
        {
            var hanaDecimal = flavor.IsAsync ? typeof(global::Driver.Async.HanaDecimal) : typeof(global::Driver.Sync.HanaDecimal);
            Assert.Equal(typeof(int), reader.GetProviderSpecificFieldType(0));
            Assert.Equal(hanaDecimal, reader.GetProviderSpecificFieldType(1));
            Assert.Equal(hanaDecimal, reader.GetProviderSpecificFieldType(2));
            Assert.Equal(typeof(string), reader.GetProviderSpecificFieldType(3));
            Assert.Equal(typeof(decimal), reader.GetFieldType(1));

            Assert.True(await flavor.Read(reader));
            // standard ADO.NET reads all 38 digits this way; GetValue cannot (System.Decimal holds 28-29)
            Assert.Equal(digits38, reader.GetProviderSpecificValue(1).ToString());
            Assert.Throws<OverflowException>(() => reader.GetValue(1));
            var values = new object[4];
            Assert.Equal(4, reader.GetProviderSpecificValues(values));
            Assert.Equal(1, values[0]);
            Assert.IsType(hanaDecimal, values[1]);
            Assert.Equal("-1.50", values[2].ToString());
            Assert.Equal("x", values[3]);

            Assert.True(await flavor.Read(reader));
            Assert.Equal(4, reader.GetProviderSpecificValues(values));
            Assert.All(values.Skip(1), v => Assert.Same(DBNull.Value, v));
        }
        finally
        {
            await flavor.CloseReader(reader);
        }
    }
}
