namespace Driver.TestServer;

/// <summary>Named points in a session where a fault can strike.</summary>
public enum FaultPoint
{
    /// <summary>No named point.</summary>
    None,
    /// <summary>While answering AUTHENTICATE or CONNECT.</summary>
    Authentication,
    /// <summary>While answering a FETCHNEXT.</summary>
    Fetch,
    /// <summary>While answering an EXECUTE or EXECUTEDIRECT.</summary>
    Execute,
}
