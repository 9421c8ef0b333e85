import { createApp } from 'vue';
import StatisticsApp from './StatisticsApp.vue';
import '../dashboard/dashboard.css';
import '../imports/imports.css';

createApp(StatisticsApp).mount('#statistics');
