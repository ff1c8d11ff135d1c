using Microsoft.AspNetCore.Http;

namespace Phantom.Cluster.Admin;

/// <summary>The admin API's error body: <c>{"error": reason, "node": id}</c> (docs/ADMIN-API.md).</summary>
public static class AdminErrors
{
    public static IResult Error(int status, string message, string node) =>
        Results.Json(new Dictionary<string, object?> { ["error"] = message, ["node"] = node }, statusCode: status);
}
