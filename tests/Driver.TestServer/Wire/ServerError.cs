using Driver.Core.Protocol;

namespace Driver.TestServer.Wire;

/// <summary>A HANA error the server answers with (§12): code, SQL state, position, level.</summary>
internal sealed class ServerError : Exception
{
    public ServerError(int code, string message, string sqlState = "HY000", int position = 0, HanaErrorLevel level = HanaErrorLevel.Error, FunctionCode functionCode = FunctionCode.Nil)
        : base(message)
    {
        Code = code;
        SqlState = sqlState;
        Position = position;
        Level = level;
        FunctionCode = functionCode;
    }

    public int Code { get; }
    public string SqlState { get; }
    public int Position { get; }
    public HanaErrorLevel Level { get; }
    public FunctionCode FunctionCode { get; }
}
