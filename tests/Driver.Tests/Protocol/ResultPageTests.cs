using Driver.Core.Protocol;
using Driver.Core.Protocol.Parts;
using Driver.Core.Session;
using Driver.Sync;

namespace Driver.Tests.Protocol;

/// <summary>
/// A RESULTSET's row count is bounded by its bytes before anything is sized by it (docs/reliability-fuzzing.md,
/// "Found, not fixed here"): rows of no column take no byte, so a count of them is refused, not walked.
/// </summary>
public class ResultPageTests
{
    [Fact]
    public void RowsOfNoColumnAreRefusedInsteadOfWalked()
    {
        using var page = new ResultPage();
        var error = Assert.Throws<HanaProtocolException>(() => page.Load([], 0x7FFFFFF0, PartAttributes.LastPacket, []));
        Assert.Contains("0 columns", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoRowsOfNoColumnAreAnEmptyPage()
    {
        using var page = new ResultPage();
        page.Load([], 0, PartAttributes.LastPacket, []);
    }
}
