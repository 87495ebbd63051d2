using System.Reflection;

namespace Driver.Tests.Architecture;

/// <summary>
/// Code only a server needs (building replies, reading requests, the server side of SCRAM, result-set writing and
/// parameter reading) is compiled into the test server alone: neither driver package ships it.
/// </summary>
public class ServerCodeSeparationTests
{
    private static readonly string[] s_serverTypes =
    [
        "ScramServer", "ScramChallengeEncoding", "ServerAuthPayloads", "AuthenticateRequest", "ConnectRequest",
        "ResultValueWriter", "ParameterValueReader", "ServerParts", "ReplyBuilding", "NameAreaWriter", "WriteLobChunk",
    ];

    // members of shared protocol types whose server-side halves moved out
    private static readonly (string Type, string Member)[] s_serverMembers =
    [
        ("MessageBuilder", "BeginReply"), ("MessageBuilder", "SetPartAttributes"), ("MessageBuilder", "SetReplyKind"),
        ("SimpleParts", "ReadFetchSize"), ("SimpleParts", "WriteRowsAffected"), ("SimpleParts", "ReadClientInfo"),
        ("SimpleParts", "WriteClientInfo"), ("SimpleParts", "ReadText"),
        ("LobParts", "ReadReadLobRequest"), ("LobParts", "WriteReadLobReply"), ("LobParts", "ReadWriteLobRequest"),
        ("LobParts", "WriteWriteLobReply"),
        ("MetadataParts", "WriteResultSetMetadata"), ("MetadataParts", "WriteParameterMetadata"),
        ("OptionsPart", "WriteMultiline"), ("ErrorPart", "Write"), ("Hello", "ServerReply"), ("Hello", "IsClientRequest"),
        ("AuthPayloads", "ParseAuthenticateRequest"), ("AuthPayloads", "BuildAuthenticateReply"),
        ("AuthPayloads", "ParseConnectRequest"), ("AuthPayloads", "BuildConnectReply"),
        ("ScramServerChallenge", "CreateRandom"), ("ScramServerChallenge", "Encode"),
        ("ScramCrypto", "VerifyClientProof"), ("ScramCrypto", "ComputeClientVerifier"),
    ];

    public static TheoryData<string> DriverAssemblies() => ["Driver.Sync", "Driver.Async"];

    [Theory]
    [MemberData(nameof(DriverAssemblies))]
    public void DriverShipsNoServerCode(string assemblyName)
    {
        var assembly = Load(assemblyName);
        var types = assembly.GetTypes();
        var names = types.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("MessageBuilder", names);
        Assert.All(s_serverTypes, name => Assert.DoesNotContain(name, names));

        var leftovers = new List<string>();
        foreach (var (typeName, member) in s_serverMembers)
        {
            var type = types.Single(t => t.Name == typeName);
            if (type.GetMember(member, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance).Length > 0)
            {
                leftovers.Add($"{typeName}.{member}");
            }
        }
        Assert.Empty(leftovers);
    }

    [Fact]
    public void TheTestServerHasTheServerCode()
    {
        var names = Load("Driver.TestServer").GetTypes().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(s_serverTypes, name => Assert.Contains(name, names));
    }

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));
}
