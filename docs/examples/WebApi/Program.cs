// The web sample: ConnectionStrings:Hana (appsettings, --ConnectionStrings:Hana=..., ConnectionStrings__Hana) or
// HANA_CONNECTION_STRING, otherwise the embedded test server. See README.md beside this file.

await using var app = await WebApi.WebApiApp.BuildAsync(args);
await app.RunAsync();
