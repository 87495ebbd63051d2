using Driver.Core.Protocol.Parts;
using Driver.Sync;

namespace Driver.Tests.Protocol;

/// <summary>Issue 13, defect 6: an option of the wrong type or size on the wire is a protocol error, not a raw cast error.</summary>
public class OptionValueTests
{
    [Fact]
    public void AnOptionOfTheWrongTypeIsAHanaProtocolException()
    {
        Assert.Throws<HanaProtocolException>(() => OptionValue.String("7").AsInt64());
        Assert.Throws<HanaProtocolException>(() => OptionValue.String("7").AsBoolean());
        Assert.Throws<HanaProtocolException>(() => OptionValue.Int(7).AsString());
        Assert.Throws<HanaProtocolException>(() => OptionValue.Int(7).AsBytes());
        Assert.Throws<HanaProtocolException>(() => OptionValue.BigInt(long.MaxValue).AsInt32());
        Assert.Equal(7, OptionValue.Int(7).AsInt32());
    }
}
