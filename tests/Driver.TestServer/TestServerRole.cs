namespace Driver.TestServer;

/// <summary>What a listener of a <see cref="TestServer"/> stands for (docs/scale-out.md).</summary>
public enum TestServerRole
{
    /// <summary>An index-server node of the scale-out system: listed in TOPOLOGYINFORMATION and SYS.M_SERVICES.</summary>
    Node,

    /// <summary>The port of a tenant database other than the first (the first tenant is served by the nodes).</summary>
    Tenant,

    /// <summary>The system database's port (SYSTEMDB): answers DBCONNECTINFO with a tenant's port (§13.3).</summary>
    SystemDatabase,
}
