#!/usr/bin/env python3
"""Writes interleaved transactions with Confluent's own client (confluent-kafka), an independent
transactional producer for the tests. Run with the python that scripts/python/venv.sh prints.

  txn_write.py --bootstrap HOST:PORT --topic T

Writes to partition 0, in this order: c1 (transaction A), a1 (transaction B), p1 (no
transaction), c2 (A), a2 (B); then commits A and aborts B. A read_committed reader sees
c1 p1 c2; a read_uncommitted one all five. stdout: `done` once both transactions ended.
"""

import argparse

from confluent_kafka import Producer


def transactional(bootstrap, txn_id):
    producer = Producer({"bootstrap.servers": bootstrap, "transactional.id": txn_id})
    producer.init_transactions(30)
    producer.begin_transaction()
    return producer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True)
    args = parser.parse_args()

    committed = transactional(args.bootstrap, f"{args.topic}-A")
    aborted = transactional(args.bootstrap, f"{args.topic}-B")
    plain = Producer({"bootstrap.servers": args.bootstrap, "enable.idempotence": True})
    # flush() after each send keeps the log in exactly this order.
    for producer, value in [(committed, "c1"), (aborted, "a1"), (plain, "p1"), (committed, "c2"), (aborted, "a2")]:
        producer.produce(args.topic, value=value.encode(), key=value.encode(), partition=0)
        producer.flush(30)
    committed.commit_transaction(30)
    aborted.abort_transaction(30)
    print("done")


if __name__ == "__main__":
    main()
