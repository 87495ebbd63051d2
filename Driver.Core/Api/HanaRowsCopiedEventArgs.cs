#if ASYNC
namespace Driver.Async;
#else
namespace Driver.Sync;
#endif

/// <summary>What <see cref="HanaBulkCopy.HanaRowsCopied"/> sees: the rows copied so far, and a way to stop.</summary>
public sealed class HanaRowsCopiedEventArgs : EventArgs
{
    /// <summary>Creates the arguments after <paramref name="rowsCopied"/> rows.</summary>
    public HanaRowsCopiedEventArgs(long rowsCopied)
    {
        RowsCopied = rowsCopied;
    }

    /// <summary>Rows copied so far by this WriteToServer call (all on the server).</summary>
    public long RowsCopied { get; }

    /// <summary>Set to true to stop the copy: WriteToServer then throws <see cref="OperationCanceledException"/> (ADO.NET's OperationAbortedException cannot be created outside System.Data); the rows copied so far stay.</summary>
    public bool Abort { get; set; }
}
