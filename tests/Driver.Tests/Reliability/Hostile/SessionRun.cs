using System.Data.Common;

namespace Driver.Tests.Reliability;

/// <summary>What one scenario session did: the rows it read, the count the INSERT reported, or where it failed.</summary>
public sealed class SessionRun
{
    public List<string> Rows { get; } = new();
    public int? RowsAffected { get; set; }
    public Exception? Error { get; set; }
    /// <summary>The step that threw (open, select, fetch, prepare, insert, close).</summary>
    public string Stage { get; set; } = "open";
    public int ConnectionId { get; set; }
    /// <summary>Without pooling, the connection that saw the error, kept open for the check that it is not reused.</summary>
    public DbConnection? Faulted { get; set; }
    public long AllocatedBytes { get; set; }
}
