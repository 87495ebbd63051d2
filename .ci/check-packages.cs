// Inspects what `dotnet pack` made (bash .ci/packages.sh runs it): for each of the family's packages, the id,
// the one version, the licence, the readme, the XML docs and the portable PDB (in the .snupkg) beside every
// assembly, the PDB's embedded sources, its SourceLink map (when git's origin is a hosting service), and
// deterministic /_/ paths (CI builds). Prints one line per package and "N passed, N failed"; exit 1 on a failure.
// Usage: dotnet run .ci/check-packages.cs -- <feed folder> <version> [--require-sourcelink]
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

var feed = args[0];
var version = args[1];
var requireSourceLink = args.Contains("--require-sourcelink");
string[] libraryFrameworks = ["netstandard2.0", "net10.0"];
var expected = new (string Id, string Assembly, string[] Frameworks)[]
{
    ("ManagedHana.Pooling", "Driver.Pooling", libraryFrameworks),
    ("ManagedHana.Sync", "Driver.Sync", libraryFrameworks),
    ("ManagedHana.Async", "Driver.Async", libraryFrameworks),
    // the embedded test server for applications' tests (docs/testing-your-app.md)
    ("ManagedHana.TestServer", "Driver.TestServer", ["net10.0"]),
};
var embeddedSource = new Guid("0E8A571B-6926-466E-B4AD-8AB04611F5FE");
var sourceLink = new Guid("CC110556-A091-4D38-9FEC-25AB9A351A6A");
var passed = 0;
var failed = 0;

var unexpected = Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName)
    .Where(name => !expected.Any(e => name == $"{e.Id}.{version}.nupkg")).ToList();
if (unexpected.Count > 0)
{
    Console.WriteLine($"FAIL feed: unexpected packages {string.Join(", ", unexpected)} (a project that should not ship, or a second version)");
    failed++;
}

foreach (var (id, assembly, frameworks) in expected)
{
    var problems = new List<string>();
    var notes = new List<string>();
    var nupkg = Path.Combine(feed, $"{id}.{version}.nupkg");
    var snupkg = Path.Combine(feed, $"{id}.{version}.snupkg");
    if (!File.Exists(nupkg) || !File.Exists(snupkg))
    {
        Console.WriteLine($"FAIL {id}: {nupkg} or its .snupkg is missing");
        failed++;
        continue;
    }
    using (var package = ZipFile.OpenRead(nupkg))
    using (var symbols = ZipFile.OpenRead(snupkg))
    {
        var names = package.Entries.Select(e => e.FullName).ToHashSet();
        var nuspecEntry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        XDocument nuspec;
        using (var stream = nuspecEntry.Open())
        {
            nuspec = XDocument.Load(stream);
        }
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Meta(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        var repository = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "repository");
        if (Meta("id") != id) problems.Add($"id {Meta("id")}");
        if (Meta("version") != version) problems.Add($"version {Meta("version")}");
        if (Meta("license") != "MIT") problems.Add($"licence {Meta("license") ?? "none"}");
        if (Meta("readme") is not { } readme || !names.Contains(readme)) problems.Add("no readme");
        if (!names.Contains("LICENSE")) problems.Add("no LICENSE file");
        if (string.IsNullOrWhiteSpace(Meta("description")) || Meta("description") == "Package Description") problems.Add("no description");
        if (string.IsNullOrWhiteSpace(Meta("tags"))) problems.Add("no tags");
        if (string.IsNullOrWhiteSpace(Meta("releaseNotes"))) problems.Add("no release notes");
        if (repository?.Attribute("commit") is null) problems.Add("no repository commit");
        foreach (var dependency in metadata.Descendants().Where(e => e.Name.LocalName == "dependency" && e.Attribute("id")!.Value.StartsWith("ManagedHana.", StringComparison.Ordinal)))
        {
            if (dependency.Attribute("version")!.Value != version) problems.Add($"depends on {dependency.Attribute("id")!.Value} {dependency.Attribute("version")!.Value}");
        }
        var documents = 0;
        var sourceLinked = 0;
        foreach (var framework in frameworks)
        {
            var dll = $"lib/{framework}/{assembly}.dll";
            if (!names.Contains(dll)) { problems.Add($"no {dll}"); continue; }
            if (!names.Contains($"lib/{framework}/{assembly}.xml")) problems.Add($"no XML docs for {framework}");
            var pdbEntry = symbols.GetEntry($"lib/{framework}/{assembly}.pdb");
            if (pdbEntry is null) { problems.Add($"no PDB for {framework} in the .snupkg"); continue; }

            using var dllStream = new MemoryStream();
            using (var s = package.GetEntry(dll)!.Open()) s.CopyTo(dllStream);
            dllStream.Position = 0;
            using var pe = new PEReader(dllStream);
            var codeView = pe.ReadDebugDirectory().FirstOrDefault(d => d.Type == DebugDirectoryEntryType.CodeView);
            if (codeView.Type != DebugDirectoryEntryType.CodeView) { problems.Add($"{framework}: no CodeView entry"); continue; }
            if (!pe.ReadDebugDirectory().Any(d => d.Type == DebugDirectoryEntryType.Reproducible)) problems.Add($"{framework}: not deterministic");
            var pdbId = pe.ReadCodeViewDebugDirectoryData(codeView).Guid;

            using var pdbStream = new MemoryStream();
            using (var s = pdbEntry.Open()) s.CopyTo(pdbStream);
            pdbStream.Position = 0;
            using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
            var pdb = provider.GetMetadataReader();
            if (new Guid(pdb.DebugMetadataHeader!.Id.Take(16).ToArray()) != pdbId) problems.Add($"{framework}: the PDB does not match the assembly");
            var embedded = pdb.CustomDebugInformation.Select(pdb.GetCustomDebugInformation)
                .Where(c => c.Parent.Kind == HandleKind.Document && pdb.GetGuid(c.Kind) == embeddedSource)
                .Select(c => (DocumentHandle)c.Parent).ToHashSet();
            foreach (var handle in pdb.Documents)
            {
                documents++;
                var name = pdb.GetString(pdb.GetDocument(handle).Name);
                if (!embedded.Contains(handle) && !name.EndsWith(".g.cs", StringComparison.Ordinal) && !name.Contains("/obj/", StringComparison.Ordinal)) problems.Add($"{framework}: {name} not embedded");
                if (Environment.GetEnvironmentVariable("CI") == "true" && !name.StartsWith("/_/", StringComparison.Ordinal) && !name.StartsWith("/_1/", StringComparison.Ordinal)) problems.Add($"{framework}: {name} is a machine path (ContinuousIntegrationBuild off)");
            }
            var hasSourceLink = pdb.CustomDebugInformation.Select(pdb.GetCustomDebugInformation).Any(c => pdb.GetGuid(c.Kind) == sourceLink);
            if (hasSourceLink) sourceLinked++;
            else if (requireSourceLink) problems.Add($"{framework}: no SourceLink map");
        }
        notes.Add($"{new FileInfo(nupkg).Length / 1024} KiB + symbols {new FileInfo(snupkg).Length / 1024} KiB");
        notes.Add($"{documents} source documents embedded");
        notes.Add(sourceLinked > 0 ? "SourceLink map present" : "no SourceLink map (git origin is not a hosting service)");
        if (problems.Count > 0) problems = problems.Distinct().Take(12).ToList();
    }
    if (problems.Count == 0)
    {
        Console.WriteLine($"ok   {id} {version}: {string.Join("; ", notes)}");
        passed++;
    }
    else
    {
        Console.WriteLine($"FAIL {id} {version}: {string.Join("; ", problems)}");
        failed++;
    }
}
Console.WriteLine($"{passed} passed, {failed} failed");
return failed == 0 ? 0 : 1;
