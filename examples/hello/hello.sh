#!/bin/sh
echo "Hello from Shipshape, ${1:-world}!"
