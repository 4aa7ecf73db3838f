// Health check and first-start initialisation of the single-node replica set: answers ok once
// the node is PRIMARY (transactions and majority writes need a replica set, even of one node).
try {
  rs.status().ok;
} catch (e) {
  rs.initiate({ _id: "rs0", members: [{ _id: 0, host: "mongo:27017" }] });
}
quit(db.hello().isWritablePrimary ? 0 : 1);
