namespace Driver.Tests.Support;

/// <summary>Locates the repository and the shared reference folder (<c>../shared</c> beside the repository).</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root (the folder that holds Driver.sln).</summary>
    public static string Root => s_root.Value;

    /// <summary>The shared reference material beside the repository.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>The protocol test vectors: <c>../shared/protocol/vectors</c>.</summary>
    public static string Vectors => Path.Combine(Shared, "protocol", "vectors");

    /// <summary>The build configuration the tests run in (Release or Debug), read off the output path.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Replace('\\', '/').Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Driver.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"Driver.sln not found above {AppContext.BaseDirectory}.");
    }
}
