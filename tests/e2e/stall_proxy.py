# A TCP proxy to a xapian-tcpsrv that relays a connection until the client has sent more than
# STALL_AFTER bytes, then stops answering (the connection stays open): a server that answers its
# probe and then stalls mid-search. STALL_AFTER < 0: relay everything, logging byte counts.
import socket, sys, threading
listen_port, upstream_port, stall_after = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
log = open(sys.argv[4], "a") if len(sys.argv) > 4 else None

def handle(client):
    upstream = socket.create_connection(("127.0.0.1", upstream_port))
    state = {"sent": 0, "stalled": False}
    def up():
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                state["sent"] += len(data)
                if log: log.write("client %d bytes, total %d\n" % (len(data), state["sent"])); log.flush()
                if stall_after >= 0 and state["sent"] > stall_after:
                    state["stalled"] = True
                    continue  # swallowed: the server never hears it
                upstream.sendall(data)
        except OSError:
            pass
    def down():
        try:
            while True:
                data = upstream.recv(65536)
                if not data or state["stalled"]:
                    break
                client.sendall(data)
        except OSError:
            pass
    threading.Thread(target=up, daemon=True).start()
    threading.Thread(target=down, daemon=True).start()

server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", listen_port))
server.listen(16)
while True:
    conn, _ = server.accept()
    handle(conn)
