namespace Driver.TestServer;

internal static class Program
{
    private static int Main(string[] args)
    {
        Console.Error.WriteLine("Driver.TestServer: not implemented yet");
        return 1;
    }
}
