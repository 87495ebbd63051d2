namespace Driver.Core.Protocol;

/// <summary>TOPOLOGYINFORMATION service types (docs/protocol.md §6.17, option 8).</summary>
internal enum ServiceType : int
{
    Other = 0,
    NameServer = 1,
    Preprocessor = 2,
    IndexServer = 3,
    StatisticsServer = 4,
    XsEngine = 5,
    Reserved6 = 6,
    CompileServer = 7,
    DpServer = 8,
    DiServer = 9,
    ComputeServer = 10,
    ScriptServer = 11,
}
