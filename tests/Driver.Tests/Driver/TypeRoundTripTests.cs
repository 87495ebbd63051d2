using System.Data.Common;
using System.Globalization;
using System.Numerics;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>Every type the test server supports, through parameters and typed getters, with edge values and NULL.</summary>
public class TypeRoundTripTests : DriverTestBase
{
    private const string Digits38 = "12345678901234567890123456789012345678";

    private static object HanaDecimal(Flavor flavor, BigInteger unscaled, int scale) =>
        flavor.IsAsync ? new global::Driver.Async.HanaDecimal(unscaled, scale) : new global::Driver.Sync.HanaDecimal(unscaled, scale);

    private static string HanaDecimalText(DbDataReader reader, int ordinal) => reader switch
    {
        global::Driver.Sync.HanaDataReader sync => sync.GetHanaDecimal(ordinal).ToString(),
        global::Driver.Async.HanaDataReader async => async.GetHanaDecimal(ordinal).ToString(),
        _ => throw new InvalidOperationException(),
    };

    // name, SQL type, edge value sent, CLR type expected from GetFieldType / GetValue
    private static (string Name, string Sql, Func<Flavor, object> Value, Type ClrType)[] Columns(string nbmp) =>
    [
        ("TI0", "TINYINT", _ => (byte)0, typeof(byte)),
        ("TI1", "TINYINT", _ => (byte)255, typeof(byte)),
        ("SI", "SMALLINT", _ => short.MinValue, typeof(short)),
        ("I", "INTEGER", _ => int.MaxValue, typeof(int)),
        ("BI0", "BIGINT", _ => long.MinValue, typeof(long)),
        ("BI1", "BIGINT", _ => long.MaxValue, typeof(long)),
        ("D", "DECIMAL(18,4)", _ => -12345678901234.5678m, typeof(decimal)),
        ("D38", "DECIMAL(38,0)", f => HanaDecimal(f, BigInteger.Parse(Digits38, CultureInfo.InvariantCulture), 0), typeof(decimal)),
        ("DB", "DECIMAL", _ => 1.5e-10m, typeof(decimal)),
        ("SD", "SMALLDECIMAL", _ => 123.456m, typeof(decimal)),
        ("R", "REAL", _ => 3.25f, typeof(float)),
        ("DBL", "DOUBLE", _ => double.MaxValue, typeof(double)),
        ("VC", "VARCHAR(20)", _ => "ascii text", typeof(string)),
        ("NV", "NVARCHAR(20)", _ => nbmp, typeof(string)),
        ("AN", "ALPHANUM(10)", _ => "AB12", typeof(string)),
        ("VB", "VARBINARY(10)", _ => new byte[] { 0, 1, 255 }, typeof(byte[])),
        ("DA0", "DATE", _ => new DateTime(1, 1, 1), typeof(DateTime)),
        ("DA1", "DATE", _ => new DateTime(9999, 12, 31), typeof(DateTime)),
        ("TM", "TIME", _ => new TimeSpan(23, 59, 58), typeof(TimeSpan)),
        ("SDT", "SECONDDATE", _ => new DateTime(2024, 2, 29, 13, 14, 15), typeof(DateTime)),
        ("TS", "TIMESTAMP", _ => new DateTime(2024, 2, 29, 13, 14, 15).AddTicks(1234567), typeof(DateTime)),
        ("BO", "BOOLEAN", _ => true, typeof(bool)),
        ("CL", "CLOB", _ => "clob text", typeof(string)),
        ("NC", "NCLOB", _ => nbmp + "nclob", typeof(string)),
        ("BL", "BLOB", _ => new byte[] { 9, 8, 7 }, typeof(byte[])),
    ];

    [Theory]
    [MemberData(nameof(Flavor.Names), MemberType = typeof(Flavor))]
    public async Task EveryTypeRoundTripsWithEdgeValuesAndNull(string name)
    {
        var flavor = Flavor.Get(name);
        var connection = await Open(flavor);
        var columns = Columns("a😀𝄞ä");
        await flavor.Execute(connection, $"CREATE COLUMN TABLE T (ID INTEGER, {string.Join(", ", columns.Select(c => $"{c.Name} {c.Sql}"))})");
        var markers = string.Join(", ", Enumerable.Repeat("?", columns.Length + 1));
        var values = columns.Select(c => c.Value(flavor)).ToArray();
        Assert.Equal(1, await flavor.Execute(connection, $"INSERT INTO T VALUES ({markers})", [1, .. values]));
        Assert.Equal(1, await flavor.Execute(connection, $"INSERT INTO T VALUES ({markers})", [2, .. new object?[columns.Length]]));

        using var command = flavor.Command(connection, "SELECT * FROM T ORDER BY ID");
        var reader = await flavor.ExecuteReader(command);
        Assert.True(await flavor.Read(reader));
        var failures = new List<string>();
        for (var i = 0; i < columns.Length; i++)
        {
            var (column, _, _, clrType) = columns[i];
            var ordinal = i + 1;
            try
            {
                Assert.Equal(clrType, reader.GetFieldType(ordinal));
                if (column == "D38")
                {
                    // 38 digits exceed System.Decimal: exact through GetHanaDecimal, an explanatory overflow otherwise
                    Assert.Equal(Digits38, HanaDecimalText(reader, ordinal));
                    Assert.Contains("HanaDecimal", Assert.Throws<OverflowException>(() => reader.GetValue(ordinal)).Message);
                    continue;
                }
                var value = await flavor.GetLob<object>(reader, ordinal);
                Assert.IsType(clrType, value);
                var expected = values[i];
                Assert.Equal(expected, value);
                Assert.False(reader.IsDBNull(ordinal));
                // typed getters agree with GetValue
                object typed = clrType == typeof(byte) ? reader.GetByte(ordinal)
                    : clrType == typeof(short) ? reader.GetInt16(ordinal)
                    : clrType == typeof(int) ? reader.GetInt32(ordinal)
                    : clrType == typeof(long) ? reader.GetInt64(ordinal)
                    : clrType == typeof(decimal) ? reader.GetDecimal(ordinal)
                    : clrType == typeof(float) ? reader.GetFloat(ordinal)
                    : clrType == typeof(double) ? reader.GetDouble(ordinal)
                    : clrType == typeof(string) ? reader.GetString(ordinal)
                    : clrType == typeof(DateTime) ? reader.GetDateTime(ordinal)
                    : clrType == typeof(bool) ? reader.GetBoolean(ordinal)
                    : value;
                Assert.Equal(expected, typed);
            }
            catch (Exception exception)
            {
                failures.Add($"{column}: {exception.GetType().Name}: {exception.Message.Split('\n')[0]}");
            }
        }
        Assert.True(await flavor.Read(reader));
        for (var i = 0; i < columns.Length; i++)
        {
            if (!reader.IsDBNull(i + 1) || reader.GetValue(i + 1) is not DBNull)
            {
                failures.Add($"{columns[i].Name}: NULL did not come back as NULL");
            }
        }
        Assert.False(await flavor.Read(reader));
        await flavor.CloseReader(reader);
        await flavor.Close(connection);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
