namespace Driver.Tests.Docs.TestingYourApp;

// docs/testing-your-app.md quotes the region verbatim (TestingYourAppDocTests)
#region order
public sealed record Order(int Id, string Customer, decimal Total);
#endregion
