using System.Data.Common;

namespace Driver.Tests.PublicApi;

/// <summary>Connection strings: SAP's key names and synonyms, clear errors naming the key, no password in ToString.</summary>
public class ConnectionStringTests
{
    public static TheoryData<string> Flavors() => new() { "Sync", "Async" };

    private static DbConnectionStringBuilder Create(string flavor, string text) => flavor == "Sync"
        ? new global::Driver.Sync.HanaConnectionStringBuilder(text)
        : new global::Driver.Async.HanaConnectionStringBuilder(text);

    [Theory]
    [MemberData(nameof(Flavors))]
    public void KeysAndSynonymsAreRecognised(string flavor)
    {
        var builder = Create(flavor, "Server=h1:30015,h2:30041;User ID=ME;Password=pw;CurrentSchema=S;Encrypt=true;SSLValidateCertificate=false;" +
            "SSLHostNameInCertificate=db.example;Compress=yes;FetchSize=500;Connect Timeout=7;Command Timeout=0;Pooling=false;Min Pool Size=1;Max Pool Size=5");
        Assert.Equal("h1:30015,h2:30041", builder["Server"]);
        Assert.Equal("ME", builder["UserName"]);
        Assert.Equal("S", builder["CurrentSchema"]);
        Assert.Equal("500", builder["FetchSize"]);
        Assert.Equal("7", builder["Connect Timeout"]);
        Assert.Equal("5", builder["Max Pool Size"]);
        if (builder is global::Driver.Sync.HanaConnectionStringBuilder sync)
        {
            Assert.True(sync.Encrypt);
            Assert.False(sync.SslValidateCertificate);
            Assert.True(sync.Compress);
            Assert.False(sync.Pooling);
            Assert.Equal(0, sync.CommandTimeout);
        }
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public void UnknownKeysNameTheKey(string flavor)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Create(flavor, "Server=h:1;Colour=blue"));
        Assert.Contains("colour", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Sync", "Encrypt=maybe", "Encrypt")]
    [InlineData("Async", "FetchSize=0", "FetchSize")]
    [InlineData("Sync", "Connect Timeout=-1", "Connect Timeout")]
    [InlineData("Async", "Max Pool Size=zero", "Max Pool Size")]
    [InlineData("Sync", "Server=host:99999", "Server")]
    [InlineData("Async", "Data Format Version=3", "Data Format Version")]
    public void BadValuesNameTheKey(string flavor, string text, string key)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => Create(flavor, text));
        Assert.Contains(key, error.Message);
    }

    [Theory]
    [MemberData(nameof(Flavors))]
    public void ToStringNeverShowsThePassword(string flavor)
    {
        var builder = Create(flavor, "Server=h:1;UserName=U;Password=Very$ecret");
        Assert.DoesNotContain("Very$ecret", builder.ToString());
        Assert.Contains("Very$ecret", builder.ConnectionString); // the real string keeps it, for opening
    }
}
