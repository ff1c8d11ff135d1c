namespace Phantom.Cluster.Admin;

/// <summary>An admin request the node refuses, with the HTTP status the API answers (404, 409, 422 …).</summary>
public sealed class AdminException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
