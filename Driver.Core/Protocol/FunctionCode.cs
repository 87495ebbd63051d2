namespace Driver.Core.Protocol;

/// <summary>Reply function codes (docs/protocol.md §4.4), segment header offset 14.</summary>
internal enum FunctionCode : short
{
    Nil = 0,
    Ddl = 1,
    Insert = 2,
    Update = 3,
    Delete = 4,
    Select = 5,
    SelectForUpdate = 6,
    Explain = 7,
    DbProcedureCall = 8,
    DbProcedureCallWithResult = 9,
    Fetch = 10,
    Commit = 11,
    Rollback = 12,
    Savepoint = 13,
    Connect = 14,
    WriteLob = 15,
    ReadLob = 16,
    Ping = 17,
    Disconnect = 18,
    CloseCursor = 19,
    FindLob = 20,
    AbapStream = 21,
    XaStart = 22,
    XaJoin = 23,
    XaControl = 25,
    XaPrepare = 26,
    XaRecover = 27,
}
