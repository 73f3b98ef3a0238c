export default { name: 'catchup', title: 'catchup', target: 'todo', async run() { throw new Error('not written yet'); } };
