using Driver.Core.Session;

// not Driver.Tests.Driver: that name would hide the root namespace Driver from the other test folders
namespace Driver.Tests.PublicApi;

/// <summary>The rewriting of named parameter markers to '?' (Sync build of the internal type).</summary>
public class ParameterMarkerScannerTests
{
    [Theory]
    [InlineData("SELECT * FROM T WHERE A = :a AND B = @b", "SELECT * FROM T WHERE A = ? AND B = ?", "a,b")]
    [InlineData("INSERT INTO T VALUES (:id,:name)", "INSERT INTO T VALUES (?,?)", "id,name")]
    [InlineData("SELECT :x + :x FROM DUMMY", "SELECT ? + ? FROM DUMMY", "x,x")]
    [InlineData("SELECT :_p1, @Name_2$# FROM DUMMY", "SELECT ?, ? FROM DUMMY", "_p1,Name_2$#")]
    [InlineData("SELECT :ä FROM DUMMY", "SELECT ? FROM DUMMY", "ä")]
    [InlineData("SELECT ':a', 'it''s :b' FROM T WHERE C = :c", "SELECT ':a', 'it''s :b' FROM T WHERE C = ?", "c")]
    [InlineData("SELECT \"col:a\", \"we\"\"ird @b\" FROM T WHERE C = @c", "SELECT \"col:a\", \"we\"\"ird @b\" FROM T WHERE C = ?", "c")]
    [InlineData("SELECT 1 -- :a and 'unclosed\nFROM T WHERE C = :c", "SELECT 1 -- :a and 'unclosed\nFROM T WHERE C = ?", "c")]
    [InlineData("SELECT /* :a '\n @b */ :c FROM DUMMY", "SELECT /* :a '\n @b */ ? FROM DUMMY", "c")]
    [InlineData("SELECT A::INTEGER, @@VERSION FROM T WHERE B = :b", "SELECT A::INTEGER, @@VERSION FROM T WHERE B = ?", "b")]
    [InlineData("X := 1; Y = : z; W = :1; V = @ v", "X := 1; Y = : z; W = :1; V = @ v", "")]
    [InlineData("SELECT 'a' || :p || '--' FROM DUMMY", "SELECT 'a' || ? || '--' FROM DUMMY", "p")]
    [InlineData("SELECT 3/2, 4-:n FROM DUMMY", "SELECT 3/2, 4-? FROM DUMMY", "n")]
    [InlineData("SELECT :a", "SELECT ?", "a")]
    [InlineData("SELECT 'never closed :a", "SELECT 'never closed :a", "")]
    [InlineData("SELECT 1 /* never closed :a", "SELECT 1 /* never closed :a", "")]
    public void NamedMarkersAreRewrittenOutsideLiteralsAndComments(string sql, string expected, string names)
    {
        var markers = ParameterMarkerScanner.Scan(sql);
        Assert.Equal(expected, markers.Sql);
        Assert.Equal(names, string.Join(",", markers.Names));
        Assert.Equal(names.Length > 0, markers.IsNamed);
        Assert.Equal(0, markers.PositionalCount);
    }

    [Theory]
    [InlineData("SELECT ? FROM DUMMY", 1)]
    [InlineData("INSERT INTO T VALUES (?, ?, '?', \"?\") -- ?\n/* ? */", 2)]
    [InlineData("SELECT 1 FROM DUMMY", 0)]
    public void PositionalTextIsLeftAsItIs(string sql, int count)
    {
        var markers = ParameterMarkerScanner.Scan(sql);
        Assert.Same(sql, markers.Sql);
        Assert.Empty(markers.Names);
        Assert.Equal(count, markers.PositionalCount);
    }

    [Theory]
    [InlineData("SELECT ?, :a FROM DUMMY")]
    [InlineData("SELECT @a, ? FROM DUMMY")]
    public void MixingPositionalAndNamedMarkersIsAnError(string sql)
    {
        var error = Assert.Throws<ArgumentException>(() => ParameterMarkerScanner.Scan(sql));
        Assert.Contains("mixes", error.Message);
        Assert.Contains("one kind of parameter marker", error.Message);
    }

    [Theory]
    [InlineData(":id", "id")]
    [InlineData("@id", "id")]
    [InlineData("id", "id")]
    [InlineData("", "")]
    public void ParameterNamesAnswerWithOrWithoutPrefix(string parameterName, string bare) =>
        Assert.Equal(bare, ParameterMarkerScanner.BareName(parameterName));
}
