namespace Driver.Core.Protocol;

/// <summary>TOPOLOGYINFORMATION option ids per host line (docs/protocol.md §6.17).</summary>
internal enum TopologyOptionId : sbyte
{
    HostName = 1,
    HostPortNumber = 2,
    TenantName = 3,
    LoadFactor = 4,
    VolumeId = 5,
    IsMaster = 6,
    IsCurrentSession = 7,
    ServiceType = 8,
    NetworkDomain = 9,
    IsStandby = 10,
    AllIpAddresses = 11,
    AllHostNames = 12,
    SiteType = 13,
    SmvrRole = 14,
}
