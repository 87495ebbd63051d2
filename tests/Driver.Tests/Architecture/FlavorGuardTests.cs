using System.Diagnostics;
using Driver.Tests.Support;

namespace Driver.Tests.Architecture;

/// <summary>
/// Driver.Core compiled with neither flavor, or with both, is a build error (the MSBuild check in
/// Driver.Core.projitems and the #error lines in Flavor.cs). Builds a throw-away project that imports Core.
/// </summary>
public class FlavorGuardTests
{
    [Theory]
    [InlineData("", "Set DriverFlavor to Sync or Async")]
    [InlineData("<DriverFlavor>Sync</DriverFlavor><DefineConstants>$(DefineConstants);ASYNC</DefineConstants>", "exactly one of SYNC or ASYNC")]
    public async Task CoreRefusesNeitherOrBothFlavors(string flavorProperties, string expectedError)
    {
        // inside the repository, so Directory.Build.props and central package versions apply
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "Driver.Tests", "obj", "flavor-guard", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "FlavorGuard.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    {flavorProperties}
                  </PropertyGroup>
                  <Import Project="$(DriverCoreDir)Driver.Core.projitems" />
                </Project>
                """);
            var start = new ProcessStartInfo("dotnet", "build -nologo -v:q")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            var text = await output + await error;
            Assert.NotEqual(0, process.ExitCode);
            Assert.Contains(expectedError, text);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
