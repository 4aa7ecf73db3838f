// Three-member replica set: initiated once from the first member, healthy when a primary exists.
try {
  rs.status().ok;
} catch (e) {
  rs.initiate({ _id: "rs0", members: [
    { _id: 0, host: "mongo:27017" }, { _id: 1, host: "mongo-2:27017" }, { _id: 2, host: "mongo-3:27017" },
  ] });
}
quit(db.hello().primary ? 0 : 1);
