using System.Reflection;
using System.Runtime.CompilerServices;

namespace Driver.Tests.Architecture;

/// <summary>
/// Code only a server needs (building replies, reading requests, the server side of SCRAM, result-set writing and
/// parameter reading) is compiled into the test server alone: neither driver package ships it. And the other way
/// round: the test server compiles its own copy of the flavor-free core, with no reference to a driver and no access
/// to a driver's internals.
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

    [Fact]
    public void NeitherDriverGrantsTheTestServerItsInternals()
    {
        // the sync build shows its internals to the tests (so the attributes are read), to the test server no more
        Assert.Contains("Driver.Tests", Friends(Load("Driver.Sync")));
        Assert.DoesNotContain("Driver.TestServer", Friends(Load("Driver.Sync")));
        Assert.DoesNotContain("Driver.TestServer", Friends(Load("Driver.Async")));
    }

    [Fact]
    public void TheTestServerStandsOnItsOwnCopyOfTheCore()
    {
        var server = Load("Driver.TestServer");
        var references = server.GetReferencedAssemblies().Select(a => a.Name).ToList();
        // the LZ4 package comes in with its compiled copy of Driver.Core/Compression, not through a driver
        Assert.Contains("K4os.Compression.LZ4", references);
        Assert.DoesNotContain("Driver.Sync", references);
        Assert.DoesNotContain("Driver.Async", references);

        // its own compiled copy of the flavor-free core: internal, and the public types apart from the drivers' ones
        var types = server.GetTypes();
        var messageBuilder = Assert.Single(types, t => t.FullName == "Driver.Core.Protocol.MessageBuilder");
        Assert.False(messageBuilder.IsPublic);
        Assert.Contains(types, t => t.FullName == "Driver.TestServer.Core.HanaDecimal");
        Assert.DoesNotContain(types, t => t.Namespace is "Driver.Sync" or "Driver.Async");

        // granting none keeps its copy of Driver.Core's internals from clashing with a driver's (CS0433)
        Assert.Empty(Friends(server));
    }

    private static List<string> Friends(Assembly assembly) =>
        assembly.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();

    private static Assembly Load(string name) => Assembly.Load(new AssemblyName(name));
}
