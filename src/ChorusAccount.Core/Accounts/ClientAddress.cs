using System.Net;
using System.Net.Sockets;

namespace ChorusAccount.Core.Accounts;

/// <summary>A client address as « Mes sessions » keeps and shows it: enough to recognise a place, not a device.</summary>
public static class ClientAddress
{
    /// <summary>
    /// IPv4: the last byte masked (<c>192.168.1.x</c>); IPv6: the /48 prefix (<c>2001:db8:85a3::/48</c>), the site,
    /// not the device; an IPv4 address carried in IPv6 as IPv4. Unknown: an empty string.
    /// </summary>
    public static string Shorten(IPAddress? address)
    {
        if (address is null)
        {
            return "";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return $"{bytes[0]}.{bytes[1]}.{bytes[2]}.x";
        }

        var prefix = new byte[16];
        Array.Copy(bytes, prefix, 6);
        return new IPAddress(prefix) + "/48";
    }
}
